using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Aspire.Hosting.ApplicationModel;
using ModelContextProtocol.Client;
using DeployCode.Orchestrator.Model;

namespace DeployCode.Orchestrator.Health;

/// <summary>
/// The flow document's "Verify Authentication" and "Test Basic Operations": the verifier account signs in through the
/// entry point, then every signed-in check the running components carry is made through it with the account's token
/// (a path answers; an MCP server initializes and lists its tools). What a user's client does first, done by the
/// deployment.
/// </summary>
internal static class OperationsVerification
{
    /// <summary>Why the signed-in checks cannot run; null when they can (or there are none).</summary>
    public static string? NotRunBecause(int checks, IResource? entryPoint, VerifierAccountAnnotation? account) =>
        checks == 0 ? null
        : account is null ? $"signing in and {checks} signed-in checks (no verifier account: no component of the AppHost has WithDeploymentVerifierAccount)"
        : entryPoint is null ? $"signing in and {checks} signed-in checks (no entry point runs: give AsVerificationEntryPoint to the component users reach the platform through)"
        : null;

    /// <summary>Signs in through <paramref name="entryPoint"/>, then makes every check side by side.</summary>
    public static async Task<CheckResults> CheckAsync(
        HttpClient client, string entryPoint, Uri address, IReadOnlyList<(IResource Component, PlatformCheckAnnotation Check)> checks, VerifierAccountAnnotation account,
        CancellationToken cancellationToken)
    {
        var password = await account.Password.GetValueAsync(cancellationToken) ?? "";
        var (signIn, token) = await SignInAsync(client, entryPoint, new Uri(address, account.SignInPath), account.SignInPath, password, cancellationToken);
        if (token is null)
        {
            return signIn;
        }

        var made = checks.Select(entry =>
        {
            var through = entry.Component.Name == entryPoint ? "" : $" through {entryPoint}";
            return entry.Check.Kind == PlatformCheckKind.ListsMcpTools
                ? CheckMcpAsync(new Uri(address, entry.Check.Path), $"{entry.Component.Name} answers MCP initialize and tools/list through {entryPoint}", token, cancellationToken)
                : CheckStatusAsync(client, address, entry.Check.Path, token, $"{entry.Component.Name} {entry.Check.Description}{through} (GET {entry.Check.Path})", cancellationToken);
        });
        return CheckResults.Combine([signIn, .. await Task.WhenAll(made)]);
    }

    private static async Task<(CheckResults Result, string? Token)> SignInAsync(HttpClient client, string entryPoint, Uri address, string path, string password, CancellationToken cancellationToken)
    {
        var check = $"{VerifierAccountAnnotation.Username} signs in through {entryPoint} (POST {path})";
        try
        {
            using var response = await client.PostAsJsonAsync(address, new { username = VerifierAccountAnnotation.Username, password }, cancellationToken);
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                return (CheckResults.Fail($"{check}: answered {(int)response.StatusCode} ({Shorten(body)}); the checks that need a token were not run"), null);
            }

            using var document = JsonDocument.Parse(body);
            return (CheckResults.Pass(check), document.RootElement.GetProperty("access_token").GetString());
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException or JsonException or KeyNotFoundException && !cancellationToken.IsCancellationRequested)
        {
            return (CheckResults.Fail($"{check} failed: {exception.Message}; the checks that need a token were not run"), null);
        }
    }

    private static async Task<CheckResults> CheckStatusAsync(HttpClient client, Uri address, string path, string token, string check, CancellationToken cancellationToken)
    {
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(address, path));
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var response = await client.SendAsync(request, cancellationToken);
            return response.StatusCode == HttpStatusCode.OK ? CheckResults.Pass(check) : CheckResults.Fail($"{check}: answered {(int)response.StatusCode}, not 200");
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return CheckResults.Fail($"{check} did not answer: {exception.Message}");
        }
    }

    private static async Task<CheckResults> CheckMcpAsync(Uri endpoint, string check, string token, CancellationToken cancellationToken)
    {
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
