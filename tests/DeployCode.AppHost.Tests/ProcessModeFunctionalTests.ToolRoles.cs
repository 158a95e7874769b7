using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace DeployCode.AppHost.Tests;

// Roles on MCP tools, the whole table for the four servers: a viewer lists and calls the read-only tools only, an
// operator and an admin every tool; through the gateway and straight at each server alike.
public sealed partial class ProcessModeFunctionalTests
{
    private static readonly (string Name, int Port)[] s_mcpServers = [("filesystem", 3001), ("github", 3002), ("memory", 3003), ("bashgod", 3010)];

    [Fact]
    public async Task AViewerListsAndCallsOnlyReadOnlyToolsAndAnOperatorEveryToolOnEachServer()
    {
        // The platform's own admin: another admin account would make it no longer the last one, which other tests rely on.
        var tokens = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["admin"] = (await Identity.AdminAsync(Cancellation)).AccessToken,
            ["operator"] = (await Identity.SignInAsync(await Identity.NewUserAsync("operator", Cancellation), Cancellation)).AccessToken,
            ["viewer"] = (await Identity.SignInAsync(await Identity.NewUserAsync("viewer", Cancellation), Cancellation)).AccessToken,
        };

        foreach (var (name, port) in s_mcpServers)
        {
            // Every tool straight at the server; through the gateway the lists and one refusal (its rate limits are the gateway's test).
            await AssertToolRolesAsync(new Uri($"http://127.0.0.1:{port}/mcp"), tokens, everyTool: true);
            await AssertToolRolesAsync(new Uri(PlatformIdentity.Gateway, $"/mcp/{name}"), tokens, everyTool: false);
        }
    }

    private static async Task AssertToolRolesAsync(Uri endpoint, Dictionary<string, string> tokens, bool everyTool)
    {
        IList<McpClientTool> everything;
        await using (var operatorClient = await McpClientAsync(endpoint, tokens["operator"]))
        {
            everything = await operatorClient.ListToolsAsync(cancellationToken: Cancellation);
            Assert.Contains(everything, tool => tool.ProtocolTool.Annotations?.ReadOnlyHint != true);
            foreach (var tool in everything.Where(tool => everyTool && tool.ProtocolTool.Annotations?.ReadOnlyHint != true))
            {
                // It may fail for its arguments (none are given), never for the operator's role.
                Assert.DoesNotContain("needs the operator role", await CallTextAsync(operatorClient, tool.Name), StringComparison.Ordinal);
            }
        }

        await using (var adminClient = await McpClientAsync(endpoint, tokens["admin"]))
        {
            Assert.Equal(Names(everything), Names(await adminClient.ListToolsAsync(cancellationToken: Cancellation)));
        }

        await using var viewerClient = await McpClientAsync(endpoint, tokens["viewer"]);
        var readOnly = everything.Where(tool => tool.ProtocolTool.Annotations?.ReadOnlyHint == true).ToList();
        Assert.NotEmpty(readOnly);
        Assert.Equal(Names(readOnly), Names(await viewerClient.ListToolsAsync(cancellationToken: Cancellation)));
        foreach (var tool in everything.Except(readOnly).Take(everyTool ? int.MaxValue : 1))
        {
            var refusal = await CallTextAsync(viewerClient, tool.Name);
            Assert.True(refusal.Contains($"{tool.Name} changes things, so it needs the operator role", StringComparison.Ordinal), $"{endpoint} {tool.Name} for a viewer: {refusal}");
        }
    }

    [Fact]
    public async Task AViewerCannotWriteAFileWhereAnOperatorCan()
    {
        var viewer = (await Identity.SignInAsync(await Identity.NewUserAsync("viewer", Cancellation), Cancellation)).AccessToken;
        var operatorToken = (await Identity.SignInAsync(await Identity.NewUserAsync("operator", Cancellation), Cancellation)).AccessToken;
        var path = $"roles-{Guid.NewGuid():N}.txt";

        await using (var client = await McpClientAsync("/mcp/filesystem", viewer))
        {
            Assert.Contains("needs the operator role", await CallTextAsync(client, "write_file", new() { ["path"] = path, ["content"] = "viewer" }), StringComparison.Ordinal);
        }

        await using (var client = await McpClientAsync("/mcp/filesystem", operatorToken))
        {
            var before = await client.CallToolAsync("read_file", new Dictionary<string, object?> { ["path"] = path }, cancellationToken: Cancellation);
            Assert.True(before.IsError, "the viewer's write_file made the file");
            await CallAsync(client, "write_file", new { path, content = "operator" }, json: false);
            Assert.Equal("operator", await CallTextAsync(client, "read_file", new() { ["path"] = path }));
        }
    }

    private static string[] Names(IEnumerable<McpClientTool> tools) => [.. tools.Select(tool => tool.Name).Order(StringComparer.Ordinal)];

    /// <summary>The text a call answers with, error or not; an MCP error that the client raises is its message.</summary>
    private static async Task<string> CallTextAsync(McpClient client, string tool, Dictionary<string, object?>? arguments = null)
    {
        try
        {
            var result = await client.CallToolAsync(tool, arguments ?? [], cancellationToken: Cancellation);
            return string.Join("\n", result.Content.OfType<TextContentBlock>().Select(block => block.Text));
        }
        catch (McpException exception)
        {
            return exception.Message;
        }
    }
}
