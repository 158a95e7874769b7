using DeployCode.McpFilesystem;
using Microsoft.Extensions.DependencyInjection;
using ModelContextProtocol.Server;

namespace DeployCode.Services.Tests;

// mcp-filesystem's tools against the reference filesystem server's (modelcontextprotocol/servers, src/filesystem
// 0.6): names, arguments (required ones marked *), which only read, and the output schema every one declares.
public sealed class FilesystemToolCatalogTests
{
    private static readonly Dictionary<string, string> s_reference = new(StringComparer.Ordinal)
    {
        ["read_file"] = "path* tail head",
        ["read_text_file"] = "path* tail head",
        ["read_media_file"] = "path*",
        ["read_multiple_files"] = "paths*",
        ["write_file"] = "path* content*",
        ["edit_file"] = "path* edits* dryRun",
        ["create_directory"] = "path*",
        ["list_directory"] = "path*",
        ["list_directory_with_sizes"] = "path* sortBy",
        ["directory_tree"] = "path* excludePatterns",
        ["move_file"] = "source* destination*",
        ["search_files"] = "path* pattern* excludePatterns",
        ["get_file_info"] = "path*",
        ["list_allowed_directories"] = "",
    };

    private static readonly string[] s_readOnly =
    [
        "directory_tree", "get_file_info", "list_allowed_directories", "list_directory", "list_directory_with_sizes", "read_file",
        "read_media_file", "read_multiple_files", "read_text_file", "search_files",
    ];

    [Fact]
    public void EveryToolHasTheReferenceServersNameArgumentsAnnotationsAndAnOutputSchema()
    {
        var services = new ServiceCollection();
        services.AddMcpServer().WithTools<FilesystemTools>();
        using var provider = services.BuildServiceProvider();
        var tools = provider.GetServices<McpServerTool>().ToDictionary(tool => tool.ProtocolTool.Name, tool => tool.ProtocolTool, StringComparer.Ordinal);

        Assert.Equal(s_reference.Keys.Order(StringComparer.Ordinal), tools.Keys.Order(StringComparer.Ordinal));
        foreach (var (name, tool) in tools)
        {
            var required = tool.InputSchema.TryGetProperty("required", out var names) ? names.EnumerateArray().Select(item => item.GetString()).ToHashSet() : [];
            var arguments = string.Join(' ', tool.InputSchema.GetProperty("properties").EnumerateObject().Select(property => required.Contains(property.Name) ? property.Name + "*" : property.Name));
            Assert.Equal((name, s_reference[name]), (name, arguments));
            Assert.True(tool.OutputSchema is not null, $"{name} declares no output schema");
            Assert.False(tool.Annotations?.OpenWorldHint, $"{name} says it reaches outside");
        }

        Assert.Equal(s_readOnly, tools.Where(tool => tool.Value.Annotations?.ReadOnlyHint == true).Select(tool => tool.Key).Order(StringComparer.Ordinal));
        Assert.Equal("Read File (Deprecated)", tools["read_file"].Title);
    }
}
