using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Options;
using ModelContextProtocol;

namespace DeployCode.McpGithub.GitHub;

/// <summary>
/// Calls to the GitHub REST API. Every failure becomes a message the caller can act on: no token, the API out of
/// reach, or GitHub's own answer (status and message), never a crash.
/// </summary>
internal sealed class GitHubApi(HttpClient http, IOptions<GitHubOptions> options)
{
    public const string ClientName = "github";

    /// <summary>Whether a token is configured; without one every tool answers how to set it.</summary>
    public bool HasToken => !string.IsNullOrWhiteSpace(options.Value.Token);

    public Task<JsonElement> GetAsync(string path, CancellationToken cancellationToken) => SendAsync(HttpMethod.Get, path, null, cancellationToken);

    public async Task<JsonElement> SendAsync(HttpMethod method, string path, object? body, CancellationToken cancellationToken)
    {
        if (!HasToken)
        {
            throw new McpException("No GitHub token is configured: set the AppHost parameter 'github-token' (Parameters:github-token) or GitHub__Token, then restart mcp-github.");
        }

        using var request = new HttpRequestMessage(method, new Uri(options.Value.ApiBaseUrl, path.TrimStart('/')))
        {
            Content = body is null ? null : JsonContent.Create(body),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", options.Value.Token);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/vnd.github+json"));
        request.Headers.UserAgent.Add(new ProductInfoHeaderValue("deploy-code-mcp-github", "1.0"));
        request.Headers.Add("X-GitHub-Api-Version", "2022-11-28");

        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, cancellationToken);
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            throw new McpException($"The GitHub API at {options.Value.ApiBaseUrl} cannot be reached: {exception.Message}");
        }

        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                throw new McpException($"GitHub answered {(int)response.StatusCode} to {method} {path}: {MessageOf(text)}");
            }

            return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
        }
    }

    private static string MessageOf(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.TryGetProperty("message", out var message) ? message.GetString() ?? body : body;
        }
        catch (JsonException)
        {
            return body.Length > 200 ? body[..200] : body;
        }
    }
}
