using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Options;
using ModelContextProtocol;

namespace DeployCode.McpGithub.GitHub;

/// <summary>One page of a GitHub listing, and whether GitHub's <c>Link</c> header offers a next one.</summary>
internal readonly record struct GitHubPage(JsonElement Items, bool HasNext);

/// <summary>
/// Calls to the GitHub REST API (and its GraphQL endpoint for the few things REST cannot do). Every failure becomes a
/// message the caller can act on: no token, the API out of reach, or GitHub's own answer (status and message), never
/// a crash.
/// </summary>
internal sealed class GitHubApi(HttpClient http, IOptions<GitHubOptions> options)
{
    public const string ClientName = "github";

    private const string JsonMediaType = "application/vnd.github+json";

    // An argument left out is not sent: to GitHub, "body": null on an update would clear the body.
    private static readonly JsonSerializerOptions s_body = new() { DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull };

    /// <summary>Whether a token is configured; without one every tool answers how to set it.</summary>
    public bool HasToken => !string.IsNullOrWhiteSpace(options.Value.Token);

    public Task<JsonElement> GetAsync(string path, CancellationToken cancellationToken) => SendAsync(HttpMethod.Get, path, null, cancellationToken);

    public async Task<JsonElement> SendAsync(HttpMethod method, string path, object? body, CancellationToken cancellationToken)
    {
        var (text, _) = await CallAsync(method, path, body, JsonMediaType, cancellationToken);
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>A listing's page, with whether another follows (GitHub says so in <c>Link: …; rel="next"</c>).</summary>
    public async Task<GitHubPage> GetPageAsync(string path, CancellationToken cancellationToken)
    {
        var (text, headers) = await CallAsync(HttpMethod.Get, path, null, JsonMediaType, cancellationToken);
        var hasNext = headers.TryGetValues("Link", out var links) && links.Any(link => link.Contains("rel=\"next\"", StringComparison.Ordinal));
        return new GitHubPage(JsonDocument.Parse(text).RootElement.Clone(), hasNext);
    }

    /// <summary>A resource in another media type, such as a pull request as a diff.</summary>
    public async Task<string> GetTextAsync(string path, string mediaType, CancellationToken cancellationToken) =>
        (await CallAsync(HttpMethod.Get, path, null, mediaType, cancellationToken)).Text;

    /// <summary>
    /// A GraphQL mutation or query; its <c>errors</c> are refusals like REST's. The endpoint is <c>graphql</c> beside
    /// the REST root on api.github.com, and <c>/api/graphql</c> on GitHub Enterprise Server (whose REST root is <c>/api/v3/</c>).
    /// </summary>
    public async Task<JsonElement> GraphQLAsync(string query, object variables, CancellationToken cancellationToken)
    {
        var root = options.Value.ApiBaseUrl.AbsolutePath.TrimEnd('/');
        var endpoint = root.EndsWith("/api/v3", StringComparison.Ordinal) ? $"{root[..^"/v3".Length]}/graphql" : $"{root}/graphql";
        var (text, _) = await CallAsync(HttpMethod.Post, endpoint, new { query, variables }, JsonMediaType, cancellationToken);
        var answer = JsonDocument.Parse(text).RootElement.Clone();
        if (answer.TryGetProperty("errors", out var errors) && errors.GetArrayLength() > 0)
        {
            throw new McpException($"GitHub's GraphQL API refused: {string.Join("; ", errors.EnumerateArray().Select(error => error.GetProperty("message").GetString()))}");
        }

        return answer.GetProperty("data");
    }

    private async Task<(string Text, HttpResponseHeaders Headers)> CallAsync(HttpMethod method, string path, object? body, string mediaType, CancellationToken cancellationToken)
    {
        if (!HasToken)
        {
            throw new McpException("No GitHub token is configured: set the AppHost parameter 'github-token' (Parameters:github-token) or GitHub__Token, then restart mcp-github.");
        }

        using var request = new HttpRequestMessage(method, new Uri(options.Value.ApiBaseUrl, path))
        {
            Content = body is null ? null : JsonContent.Create(body, body.GetType(), options: s_body),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", options.Value.Token);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(mediaType));
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
                throw new McpException($"GitHub answered {(int)response.StatusCode} to {method} {path.TrimStart('/')}: {MessageOf(text)}");
            }

            return (text, response.Headers);
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
