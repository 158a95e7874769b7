using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Aspire.Hosting.ApplicationModel;
using ModelContextProtocol.Client;

namespace DeployCode.Orchestrator.Health;

/// <summary>
/// The flow document's "Verify Authentication" and "Test Basic Operations": the verifier account signs in through
/// api-gateway, its token is accepted, every MCP server running answers MCP initialize and lists its tools through
/// the gateway, and circle-of-experts lists its experts. What a user's client does first, done by the deployment.
/// </summary>
internal static class OperationsVerification
{
    // The gateway's MCP routes: /mcp/<name> for the server mcp-<name>.
    private static readonly string[] s_mcpServers = ["filesystem", "github", "memory", "bashgod"];

    /// <summary>Why these checks did not run; null when they did.</summary>
    public static string? NotRunBecause(IReadOnlyCollection<IResource> running, VerifierAccountAnnotation? account) =>
        account is null ? "signing in, MCP initialize and tools/list, and the experts through the gateway (no verifier account: the AppHost's auth-service has no WithDeploymentVerifierAccount)"
        : !running.Any(service => service.Name == "api-gateway") ? "signing in, MCP initialize and tools/list, and the experts through the gateway (api-gateway does not run)"
        : null;

    /// <summary>Signs in, then checks the token, each MCP server and the experts side by side.</summary>
    public static async Task<CheckResults> CheckAsync(HttpClient client, Uri gateway, IReadOnlyCollection<IResource> running, VerifierAccountAnnotation account, CancellationToken cancellationToken)
    {
        var password = await account.Password.GetValueAsync(cancellationToken) ?? "";
        var (signIn, token) = await SignInAsync(client, gateway, password, cancellationToken);
        if (token is null)
        {
            return signIn;
        }

        var checks = new List<Task<CheckResults>>
        {
            CheckStatusAsync(client, gateway, "/auth/me", token, $"api-gateway accepts {VerifierAccountAnnotation.Username}'s token (GET /auth/me)", cancellationToken),
        };
        checks.AddRange(s_mcpServers.Where(server => running.Any(service => service.Name == $"mcp-{server}"))
            .Select(server => CheckMcpAsync(new Uri(gateway, $"/mcp/{server}"), $"mcp-{server}", token, cancellationToken)));
        if (running.Any(service => service.Name == "circle-of-experts"))
        {
            checks.Add(CheckStatusAsync(client, gateway, "/experts", token, "circle-of-experts lists its experts through api-gateway (GET /experts)", cancellationToken));
        }

        return CheckResults.Combine([signIn, .. await Task.WhenAll(checks)]);
    }

    private static async Task<(CheckResults Result, string? Token)> SignInAsync(HttpClient client, Uri gateway, string password, CancellationToken cancellationToken)
    {
        const string Check = $"{VerifierAccountAnnotation.Username} signs in through api-gateway (POST /auth/token)";
        try
        {
            using var response = await client.PostAsJsonAsync(new Uri(gateway, "/auth/token"), new { username = VerifierAccountAnnotation.Username, password }, cancellationToken);
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                return (CheckResults.Fail($"{Check}: answered {(int)response.StatusCode} ({Shorten(body)}); the checks that need a token were not run"), null);
            }

            using var document = JsonDocument.Parse(body);
            return (CheckResults.Pass(Check), document.RootElement.GetProperty("access_token").GetString());
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException or JsonException or KeyNotFoundException && !cancellationToken.IsCancellationRequested)
        {
            return (CheckResults.Fail($"{Check} failed: {exception.Message}; the checks that need a token were not run"), null);
        }
    }

    private static async Task<CheckResults> CheckStatusAsync(HttpClient client, Uri gateway, string path, string token, string check, CancellationToken cancellationToken)
    {
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(gateway, path));
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var response = await client.SendAsync(request, cancellationToken);
            return response.StatusCode == HttpStatusCode.OK ? CheckResults.Pass(check) : CheckResults.Fail($"{check}: answered {(int)response.StatusCode}, not 200");
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return CheckResults.Fail($"{check} did not answer: {exception.Message}");
        }
    }

    private static async Task<CheckResults> CheckMcpAsync(Uri endpoint, string server, string token, CancellationToken cancellationToken)
    {
        var check = $"{server} answers MCP initialize and tools/list through api-gateway";
        try
        {
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(TimeSpan.FromSeconds(10));
            await using var client = await McpClient.CreateAsync(new HttpClientTransport(new HttpClientTransportOptions
            {
                Endpoint = endpoint,
                TransportMode = HttpTransportMode.StreamableHttp,
                AdditionalHeaders = new Dictionary<string, string> { ["Authorization"] = $"Bearer {token}" },
            }), new McpClientOptions { ClientInfo = new() { Name = "deploy-code", Version = "1" } }, cancellationToken: deadline.Token);
            var tools = await client.ListToolsAsync(cancellationToken: deadline.Token);
            return tools.Count > 0 ? CheckResults.Pass($"{check} ({tools.Count} tools)") : CheckResults.Fail($"{check}: it lists no tools");
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            // Whatever the client met (refused, timed out, not MCP): the check failed, with what it saw.
            return CheckResults.Fail($"{check} failed: {exception.GetType().Name}: {exception.Message}");
        }
    }

    private static string Shorten(string text) => text.Length <= 200 ? text : text[..200] + "…";
}
