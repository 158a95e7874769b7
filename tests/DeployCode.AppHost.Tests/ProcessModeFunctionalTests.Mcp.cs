using System.Net;
using System.Net.Http.Headers;
using System.Text;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace DeployCode.AppHost.Tests;

// The MCP servers on the shared platform, driven with the C# MCP client through the gateway with a real token.
public sealed partial class ProcessModeFunctionalTests
{
    private static readonly string[] s_filesystemTools =
    [
        "create_directory", "directory_tree", "edit_file", "get_file_info", "list_allowed_directories", "list_directory",
        "move_file", "read_file", "read_multiple_files", "search_files", "write_file",
    ];

    [Fact]
    public async Task AnMcpRequestWithoutATokenIsRefusedBeforeAnyToolRuns()
    {
        const string Initialize = """{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"test","version":"1"}}}""";
        foreach (var address in new[] { new Uri(PlatformIdentity.Gateway, "/mcp/filesystem"), new Uri("http://127.0.0.1:3001/mcp") })
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, address) { Content = new StringContent(Initialize, Encoding.UTF8, "application/json") };
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
            using var response = await Identity.Client.SendAsync(request, Cancellation);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }
    }

    [Fact]
    public async Task TheFilesystemServerWorksThroughTheGatewayOverStreamableHttp()
    {
        var tokens = await Identity.SignInAsync(await Identity.NewUserAsync("viewer", Cancellation), Cancellation);
        await using var client = await McpClient.CreateAsync(new HttpClientTransport(new HttpClientTransportOptions
        {
            Endpoint = new Uri(PlatformIdentity.Gateway, "/mcp/filesystem"),
            TransportMode = HttpTransportMode.StreamableHttp,
            AdditionalHeaders = new Dictionary<string, string> { ["Authorization"] = $"Bearer {tokens.AccessToken}" },
        }), cancellationToken: Cancellation);

        Assert.Equal("mcp-filesystem", client.ServerInfo?.Name);
        var tools = await client.ListToolsAsync(cancellationToken: Cancellation);
        Assert.Equal(s_filesystemTools, tools.Select(tool => tool.Name).Order(StringComparer.Ordinal));
        Assert.All(tools, tool =>
        {
            Assert.False(string.IsNullOrWhiteSpace(tool.Description), tool.Name);
            Assert.Equal("object", tool.JsonSchema.GetProperty("type").GetString());
        });
        Assert.Equal(["content", "path"], tools.Single(tool => tool.Name == "write_file").JsonSchema.GetProperty("required").EnumerateArray().Select(name => name.GetString()).Order());

        var name = $"through-the-gateway-{Guid.NewGuid():N}.txt";
        var written = await client.CallToolAsync("write_file", new Dictionary<string, object?> { ["path"] = name, ["content"] = "hello through YARP" }, cancellationToken: Cancellation);
        Assert.NotEqual(true, written.IsError);
        var read = await client.CallToolAsync("read_file", new Dictionary<string, object?> { ["path"] = name }, cancellationToken: Cancellation);
        Assert.Equal("hello through YARP", Assert.IsType<TextContentBlock>(Assert.Single(read.Content)).Text);

        var refused = await client.CallToolAsync("read_file", new Dictionary<string, object?> { ["path"] = "/etc/passwd" }, cancellationToken: Cancellation);
        Assert.True(refused.IsError);
        Assert.Contains("outside the allowed directories", Assert.IsType<TextContentBlock>(Assert.Single(refused.Content)).Text, StringComparison.Ordinal);
    }
}
