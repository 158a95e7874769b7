using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace DeployCode.ServiceDefaults;

/// <summary>
/// Asks auth-service about the caller's own token (<see cref="PlatformSessions.StatePath"/>, with the same bearer
/// token): a 401 there means the session has ended. Each token's answer is kept <see cref="FreshFor"/>, so a sign-out or a role
/// change reaches this service within seconds at the cost of one small request per session every few seconds; while
/// auth-service cannot be reached, the last answer is used for up to <see cref="StaleFor"/>, then tokens are refused.
/// </summary>
public sealed class AuthServiceSessionCheck(IHttpClientFactory clients, IHttpContextAccessor http, IOptions<PlatformAuthenticationOptions> options, TimeProvider clock)
    : IPlatformSessionCheck
{
    /// <summary>The HTTP client it asks through (service discovery resolves <c>http://auth-service</c>).</summary>
    public const string ClientName = "platform-session-check";

    /// <summary>How long an answer counts as current.</summary>
    public static readonly TimeSpan FreshFor = TimeSpan.FromSeconds(3);

    /// <summary>How long an answer stands in for one auth-service cannot give.</summary>
    public static readonly TimeSpan StaleFor = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<string, (PlatformSessionState State, DateTimeOffset At)> _answers = new(StringComparer.Ordinal);

    public async Task<PlatformSessionState> CheckAsync(string sessionId, string userId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        // Per token, not per session: a token issued after an answer (a refresh after a promotion) is asked about anew.
        var authorization = http.HttpContext?.Request.Headers.Authorization.ToString() ?? "";
        var key = $"{sessionId} {authorization}";
        if (_answers.TryGetValue(key, out var known) && now - known.At < FreshFor)
        {
            return known.State;
        }

        try
        {
            var state = await AskAsync(authorization, cancellationToken);
            _answers[key] = (state, now);
            Forget(now);
            return state;
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            if (known.State is not null && now - known.At < StaleFor)
            {
                return known.State;
            }

            throw;
        }
    }

    private async Task<PlatformSessionState> AskAsync(string authorization, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(new Uri(options.Value.Issuer), PlatformSessions.StatePath));
        request.Headers.TryAddWithoutValidation("Authorization", authorization);
        using var answer = await clients.CreateClient(ClientName).SendAsync(request, cancellationToken);
        if (answer.StatusCode == HttpStatusCode.Unauthorized)
        {
            return new PlatformSessionState(false, null);
        }

        answer.EnsureSuccessStatusCode();
        return await answer.Content.ReadFromJsonAsync<PlatformSessionState>(cancellationToken) ?? new PlatformSessionState(false, null);
    }

    // Answers of sessions no longer asked about go, so the cache holds only the sessions in use.
    private void Forget(DateTimeOffset now)
    {
        if (_answers.Count < 1024)
        {
            return;
        }

        foreach (var (key, answer) in _answers)
        {
            if (now - answer.At > StaleFor)
            {
                _answers.TryRemove(key, out _);
            }
        }
    }
}
