using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;

namespace DeployCode.AppHost.Tests;

// A role change and a sign-out reach every service within seconds, not when the access token expires: the MCP servers
// and the experts, asked straight, with the token issued before the change.
public sealed partial class ProcessModeFunctionalTests
{
    private static readonly TimeSpan s_takesEffectWithin = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task ADemotionAndASignOutTakeEffectAtTheMcpServersAndTheExpertsWithinSeconds()
    {
        var admin = await Identity.AdminAsync(Cancellation);
        var username = await Identity.NewUserAsync("operator", Cancellation);
        var tokens = await Identity.SignInAsync(username, Cancellation);
        var filesystem = new Uri("http://127.0.0.1:3001/mcp");
        Assert.Contains("write_file", await ToolNamesAsync(filesystem, tokens.AccessToken));

        Assert.Equal(HttpStatusCode.OK, await StatusAsync(HttpMethod.Put, $"/auth/users/{username}/role", admin.AccessToken, new { role = "viewer" }));
        var demoted = await WithinAsync(async () => !(await ToolNamesAsync(filesystem, tokens.AccessToken)).Contains("write_file"));
        TestContext.Current.SendDiagnosticMessage($"demotion reached mcp-filesystem in {demoted.TotalMilliseconds:0} ms");
        await using (var client = await McpClientAsync(filesystem, tokens.AccessToken))
        {
            Assert.Contains("needs the operator role", await CallTextAsync(client, "write_file", new() { ["path"] = "demoted.txt", ["content"] = "x" }), StringComparison.Ordinal);
        }

        Assert.Equal(HttpStatusCode.NoContent, await StatusAsync(HttpMethod.Post, "/auth/logout", tokens.AccessToken));
        using var direct = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        foreach (var (service, address) in new[] { ("mcp-memory", "http://127.0.0.1:3003/mcp"), ("circle-of-experts", "http://127.0.0.1:8080/experts"), ("mcp-filesystem", "http://127.0.0.1:3001/mcp") })
        {
            var signedOut = await WithinAsync(async () => await DirectStatusAsync(direct, address, tokens.AccessToken) == HttpStatusCode.Unauthorized);
            TestContext.Current.SendDiagnosticMessage($"sign-out reached {service} in {signedOut.TotalMilliseconds:0} ms");
        }
    }

    private static async Task<string[]> ToolNamesAsync(Uri endpoint, string accessToken)
    {
        await using var client = await McpClientAsync(endpoint, accessToken);
        return [.. (await client.ListToolsAsync(cancellationToken: Cancellation)).Select(tool => tool.Name)];
    }

    private static async Task<HttpStatusCode> DirectStatusAsync(HttpClient client, string address, string accessToken)
    {
        using var request = new HttpRequestMessage(address.EndsWith("/mcp", StringComparison.Ordinal) ? HttpMethod.Post : HttpMethod.Get, address);
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", accessToken);
        if (request.Method == HttpMethod.Post)
        {
            request.Content = JsonContent.Create(new { jsonrpc = "2.0", id = 1, method = "ping" });
            request.Headers.Accept.ParseAdd("application/json, text/event-stream");
        }

        using var answer = await client.SendAsync(request, Cancellation);
        return answer.StatusCode;
    }

    /// <summary>How long until <paramref name="holds"/> is true; fails after <see cref="s_takesEffectWithin"/>.</summary>
    private static async Task<TimeSpan> WithinAsync(Func<Task<bool>> holds)
    {
        var clock = Stopwatch.StartNew();
        while (!await holds())
        {
            Assert.True(clock.Elapsed < s_takesEffectWithin, $"not in effect after {s_takesEffectWithin.TotalSeconds:0} s");
            await Task.Delay(250, Cancellation);
        }

        return clock.Elapsed;
    }
}
