using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace DeployCode.McpGithub.GitHub;

/// <summary>
/// Degraded, not down, without a token or without GitHub: the server still runs and its tools say what is wrong. The
/// API is asked at most once a minute (<c>/rate_limit</c>, which costs no quota), however often health is probed.
/// </summary>
internal sealed class GitHubHealthCheck(IHttpClientFactory clients, IOptions<GitHubOptions> options, TimeProvider clock) : IHealthCheck
{
    private static readonly TimeSpan s_reuse = TimeSpan.FromMinutes(1);
    private (DateTimeOffset At, HealthCheckResult Result)? _last;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(options.Value.Token))
        {
            return HealthCheckResult.Degraded("No GitHub token is configured (Parameters:github-token): the tools answer with that error.");
        }

        if (_last is { } last && clock.GetUtcNow() - last.At < s_reuse)
        {
            return last.Result;
        }

        var api = new GitHubApi(clients.CreateClient(GitHubApi.ClientName), options);
        HealthCheckResult result;
        try
        {
            await api.GetAsync("rate_limit", cancellationToken);
            result = HealthCheckResult.Healthy($"{options.Value.ApiBaseUrl} answered");
        }
        catch (ModelContextProtocol.McpException exception)
        {
            result = HealthCheckResult.Degraded(exception.Message);
        }

        _last = (clock.GetUtcNow(), result);
        return result;
    }
}
