using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Aspire.Hosting;
using Aspire.Hosting.Testing;
using ModelContextProtocol.Client;
using Npgsql;
using ModelContextProtocol.Protocol;

namespace DeployCode.AppHost.Tests;

// The MCP servers on the shared platform, driven with the C# MCP client through the gateway with a real token.
public sealed partial class ProcessModeFunctionalTests
{
    private static readonly string[] s_memoryTools =
    [
        "add_observations", "create_entities", "create_relations", "delete_entities", "delete_observations", "delete_relations",
        "open_nodes", "read_graph", "search_nodes",
    ];

    // github/github-mcp-server's default toolsets: context, repos, issues, pull_requests and users.
    private static readonly string[] s_githubDefaultTools =
    [
        "get_me", "search_repositories", "get_file_contents", "create_or_update_file", "push_files", "create_repository",
        "create_branch", "list_commits", "issue_read", "issue_write", "list_issues", "pull_request_read", "create_pull_request",
        "search_users",
    ];

    private static readonly string[] s_chain = ["echo a", "false", "echo c"];

    private static readonly string[] s_firstObservation = ["speaks Portuguese"];
    private static readonly string[] s_moreObservations = ["likes tea", "speaks Portuguese"];

    private static readonly string[] s_filesystemTools =
    [
        "create_directory", "directory_tree", "edit_file", "get_file_info", "list_allowed_directories", "list_directory",
        "list_directory_with_sizes", "move_file", "read_file", "read_media_file", "read_multiple_files", "read_text_file",
        "search_files", "write_file",
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
        var tokens = await Identity.SignInAsync(await Identity.NewUserAsync("operator", Cancellation), Cancellation);
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
        // The reference's newer tools, with its answers: structured content beside the text, media as base64 blocks.
        await client.CallToolAsync("write_file", new Dictionary<string, object?> { ["path"] = $"{name}.svg", ["content"] = "<svg/>\nline two\n" }, cancellationToken: Cancellation);
        var tail = await client.CallToolAsync("read_text_file", new Dictionary<string, object?> { ["path"] = $"{name}.svg", ["tail"] = 1 }, cancellationToken: Cancellation);
        Assert.Equal("line two\n", tail.StructuredContent?.GetProperty("content").GetString());
        var media = await client.CallToolAsync("read_media_file", new Dictionary<string, object?> { ["path"] = $"{name}.svg" }, cancellationToken: Cancellation);
        var image = Assert.IsType<ImageContentBlock>(Assert.Single(media.Content));
        Assert.Equal(("image/svg+xml", "<svg/>\nline two\n"), (image.MimeType, Encoding.UTF8.GetString(image.DecodedData.Span)));

        var refused = await client.CallToolAsync("read_file", new Dictionary<string, object?> { ["path"] = "/etc/passwd" }, cancellationToken: Cancellation);
        Assert.True(refused.IsError);
        Assert.Contains("outside the allowed directories", Assert.IsType<TextContentBlock>(Assert.Single(refused.Content)).Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheMemoryServerKeepsItsKnowledgeGraphInPostgreSql()
    {
        var tokens = await Identity.SignInAsync(await Identity.NewUserAsync("operator", Cancellation), Cancellation);
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var (alice, acme) = ($"Alice-{suffix}", $"Acme-{suffix}");
        await using (var client = await McpClientAsync("/mcp/memory", tokens.AccessToken))
        {
            var tools = await client.ListToolsAsync(cancellationToken: Cancellation);
            Assert.Equal(s_memoryTools, tools.Select(tool => tool.Name).Order(StringComparer.Ordinal));

            var created = await CallAsync(client, "create_entities", new
            {
                entities = new object[]
                {
                    new { name = alice, entityType = "person", observations = s_firstObservation },
                    new { name = acme, entityType = "organization", observations = Array.Empty<string>() },
                },
            });
            Assert.Equal(2, created.GetArrayLength());
            await CallAsync(client, "create_relations", new { relations = new[] { new { from = alice, to = acme, relationType = "works_at" } } });
            var added = await CallAsync(client, "add_observations", new { observations = new[] { new { entityName = alice, contents = s_moreObservations } } });
            Assert.Equal(["likes tea"], added[0].GetProperty("addedObservations").EnumerateArray().Select(item => item.GetString()));

            var missing = await client.CallToolAsync("add_observations", new Dictionary<string, object?>
            {
                ["observations"] = new[] { new { entityName = $"Nobody-{suffix}", contents = s_firstObservation } },
            }, cancellationToken: Cancellation);
            Assert.True(missing.IsError);
            Assert.Contains("not found", Assert.IsType<TextContentBlock>(Assert.Single(missing.Content)).Text, StringComparison.Ordinal);

            // Found by an observation, in any case; the relation comes with the entities it joins.
            var found = await CallAsync(client, "search_nodes", new { query = "TEA" });
            Assert.Equal([alice], found.GetProperty("entities").EnumerateArray().Select(entity => entity.GetProperty("name").GetString()));
            var opened = await CallAsync(client, "open_nodes", new { names = new[] { alice, acme } });
            Assert.Equal("works_at", opened.GetProperty("relations")[0].GetProperty("relationType").GetString());
        }

        // The graph is in PostgreSQL, not in the process: what survives a restart and what every replica reads.
        await using (var database = new NpgsqlConnection(await platform.App.GetConnectionStringAsync("codedb", Cancellation)))
        {
            await database.OpenAsync(Cancellation);
            await using var count = new NpgsqlCommand("select count(*) from memory.observations where entity_name = $1", database) { Parameters = { new() { Value = alice } } };
            Assert.Equal(2L, await count.ExecuteScalarAsync(Cancellation));
        }

        await using (var client = await McpClientAsync("/mcp/memory", tokens.AccessToken))
        {
            var graph = await CallAsync(client, "open_nodes", new { names = new[] { alice } });
            Assert.Equal(["speaks Portuguese", "likes tea"], graph.GetProperty("entities")[0].GetProperty("observations").EnumerateArray().Select(item => item.GetString()));

            await CallAsync(client, "delete_entities", new { entityNames = new[] { acme } }, json: false);
            var after = await CallAsync(client, "search_nodes", new { query = suffix });
            Assert.Equal([alice], after.GetProperty("entities").EnumerateArray().Select(entity => entity.GetProperty("name").GetString()));
            Assert.Equal(0, after.GetProperty("relations").GetArrayLength());
        }
    }

    [Fact]
    public async Task TheGitHubServerWithoutATokenListsItsToolsAndAnswersEachCallWithHowToConfigureOne()
    {
        var tokens = await Identity.SignInAsync(await Identity.NewUserAsync("operator", Cancellation), Cancellation);
        await using var client = await McpClientAsync("/mcp/github", tokens.AccessToken);

        var tools = (await client.ListToolsAsync(cancellationToken: Cancellation)).Select(tool => tool.Name).ToHashSet();
        Assert.Superset(s_githubDefaultTools.ToHashSet(), tools);
        var result = await client.CallToolAsync("search_repositories", new Dictionary<string, object?> { ["query"] = "aspire" }, cancellationToken: Cancellation);
        Assert.True(result.IsError);
        Assert.Contains("github-token", Assert.IsType<TextContentBlock>(Assert.Single(result.Content)).Text, StringComparison.Ordinal);

        // Degraded, not down: the server runs and says why.
        using var health = await new HttpClient().GetAsync(new Uri("http://127.0.0.1:3002/health"), Cancellation);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        using var report = JsonDocument.Parse(await health.Content.ReadAsStringAsync(Cancellation));
        Assert.Equal("Degraded", report.RootElement.GetProperty("checks").GetProperty("github").GetProperty("status").GetString());
    }

    [Fact]
    public async Task BashGodValidatesForEveryoneButRunsCommandsOnlyForOperatorsInItsSandbox()
    {
        var operatorTokens = await Identity.SignInAsync(await Identity.NewUserAsync("operator", Cancellation), Cancellation);
        await using (var client = await McpClientAsync("/mcp/bashgod", operatorTokens.AccessToken))
        {
            var tools = (await client.ListToolsAsync(cancellationToken: Cancellation)).Select(tool => tool.Name).Order(StringComparer.Ordinal);
            Assert.Equal(["execute_chain", "execute_command", "list_command_templates", "search_command_templates", "system_status", "validate_command"], tools);

            var verdict = await CallAsync(client, "validate_command", new { command = "rm -rf /" });
            Assert.False(verdict.GetProperty("allowed").GetBoolean());
            Assert.Equal("CRITICAL", verdict.GetProperty("risk").GetString());

            var run = await CallAsync(client, "execute_command", new { command = "echo hi && pwd" });
            Assert.StartsWith("hi\n/", run.GetProperty("stdout").GetString(), StringComparison.Ordinal);
            Assert.Equal(0, run.GetProperty("exitCode").GetInt32());

            var refused = await client.CallToolAsync("execute_command", new Dictionary<string, object?> { ["command"] = "cat /etc/shadow" }, cancellationToken: Cancellation);
            Assert.True(refused.IsError);
            Assert.Contains("refused (CRITICAL)", Assert.IsType<TextContentBlock>(Assert.Single(refused.Content)).Text, StringComparison.Ordinal);

            var chain = await CallAsync(client, "execute_chain", new { commands = s_chain, mode = "stop_on_error" });
            Assert.Equal(2, chain.GetProperty("ran").GetInt32());
            Assert.False(chain.GetProperty("succeeded").GetBoolean());
        }

        // A viewer that bypasses the gateway reaches BashGod, which still will not run anything for it (ToolRoles).
        var viewerTokens = await Identity.SignInAsync(await Identity.NewUserAsync("viewer", Cancellation), Cancellation);
        await using var direct = await McpClientAsync(new Uri("http://127.0.0.1:3010/mcp"), viewerTokens.AccessToken);
        var held = await direct.CallToolAsync("execute_command", new Dictionary<string, object?> { ["command"] = "echo hi" }, cancellationToken: Cancellation);
        Assert.True(held.IsError);
        Assert.Contains("needs the operator role", Assert.IsType<TextContentBlock>(Assert.Single(held.Content)).Text, StringComparison.Ordinal);
    }

    private static Task<McpClient> McpClientAsync(string path, string accessToken) => McpClientAsync(new Uri(PlatformIdentity.Gateway, path), accessToken);

    private static async Task<McpClient> McpClientAsync(Uri endpoint, string accessToken) =>
        await McpClient.CreateAsync(new HttpClientTransport(new HttpClientTransportOptions
        {
            Endpoint = endpoint,
            TransportMode = HttpTransportMode.StreamableHttp,
            AdditionalHeaders = new Dictionary<string, string> { ["Authorization"] = $"Bearer {accessToken}" },
        }), cancellationToken: Cancellation);

    /// <summary>Calls a tool that must succeed; its text answer parsed as JSON unless <paramref name="json"/> is false.</summary>
    private static async Task<JsonElement> CallAsync(McpClient client, string tool, object arguments, bool json = true)
    {
        var argumentsJson = JsonSerializer.SerializeToElement(arguments);
        var result = await client.CallToolAsync(tool, argumentsJson.EnumerateObject().ToDictionary(property => property.Name, property => (object?)property.Value), cancellationToken: Cancellation);
        var text = Assert.IsType<TextContentBlock>(Assert.Single(result.Content)).Text;
        Assert.True(result.IsError != true, $"{tool}: {text}");
        return json ? JsonDocument.Parse(text).RootElement.Clone() : default;
    }
}
