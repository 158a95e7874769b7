using System.Text.Json;
using DeployCode.McpGithub.GitHub;
using DeployCode.McpHosting;
using Microsoft.Extensions.DependencyInjection;
using ModelContextProtocol.Server;

namespace DeployCode.Services.Tests;

// mcp-github's tools against github/github-mcp-server's: the names, argument names and required arguments of every
// tool, by toolset, as that server declares them (checked against its tool snapshots, pkg/github/__toolsnaps__), and
// the selection of toolsets by configuration as that server selects them.
public sealed class GitHubToolsetsTests
{
    // tool: arguments, the required ones marked with *. Arguments of the reference that this server leaves out are
    // listed in the README (custom issue fields, which need GitHub's GraphQL issue-field API).
    private static readonly Dictionary<string, (string Toolset, string Arguments)> s_reference = new(StringComparer.Ordinal)
    {
        ["get_me"] = ("context", ""),
        ["search_repositories"] = ("repos", "query* sort order page perPage minimal_output"),
        ["search_code"] = ("repos", "query* sort order page perPage fields"),
        ["get_file_contents"] = ("repos", "owner* repo* path ref sha fields"),
        ["create_or_update_file"] = ("repos", "owner* repo* path* content* message* branch* sha allow_symlink_write"),
        ["delete_file"] = ("repos", "owner* repo* path* message* branch*"),
        ["push_files"] = ("repos", "owner* repo* branch* files* message*"),
        ["create_repository"] = ("repos", "name* description organization private autoInit"),
        ["fork_repository"] = ("repos", "owner* repo* organization"),
        ["create_branch"] = ("repos", "owner* repo* branch* from_branch"),
        ["list_branches"] = ("repos", "owner* repo* page perPage"),
        ["list_commits"] = ("repos", "owner* repo* sha author path since until page perPage fields"),
        ["get_commit"] = ("repos", "owner* repo* sha* detail page perPage"),
        ["issue_read"] = ("issues", "method* owner* repo* issue_number* page perPage"),
        ["issue_write"] = ("issues", "method* owner* repo* issue_number title body assignees labels milestone type state state_reason duplicate_of"),
        ["list_issues"] = ("issues", "owner* repo* state labels orderBy direction since perPage after fields"),
        ["search_issues"] = ("issues", "query* owner repo sort order page perPage fields"),
        ["add_issue_comment"] = ("issues", "owner* repo* issue_number* body reaction comment_id"),
        ["pull_request_read"] = ("pull_requests", "method* owner* repo* pullNumber* page perPage after"),
        ["create_pull_request"] = ("pull_requests", "owner* repo* title* head* base* body draft maintainer_can_modify reviewers"),
        ["update_pull_request"] = ("pull_requests", "owner* repo* pullNumber* title body state base maintainer_can_modify draft reviewers"),
        ["list_pull_requests"] = ("pull_requests", "owner* repo* state head base sort direction page perPage fields"),
        ["merge_pull_request"] = ("pull_requests", "owner* repo* pullNumber* commit_title commit_message merge_method"),
        ["search_pull_requests"] = ("pull_requests", "query* owner repo sort order page perPage fields"),
        ["search_users"] = ("users", "query* sort order page perPage"),
    };

    private static readonly string[] s_readOnly =
    [
        "get_commit", "get_file_contents", "get_me", "issue_read", "list_branches", "list_commits", "list_issues", "list_pull_requests",
        "pull_request_read", "search_code", "search_issues", "search_pull_requests", "search_repositories", "search_users",
    ];

    [Fact]
    public void EveryToolHasTheReferenceServersNameArgumentsAndToolset()
    {
        var tools = Registered(new GitHubOptions { Toolsets = "all" });

        Assert.Equal(s_reference.Keys.Order(StringComparer.Ordinal), tools.Keys.Order(StringComparer.Ordinal));
        foreach (var (name, tool) in tools)
        {
            Assert.Equal((name, s_reference[name].Arguments), (name, ArgumentsOf(tool)));
        }

        Assert.All(GitHubToolsets.Tools(), tool => Assert.Equal(s_reference[tool.Tool.Name!].Toolset, tool.Toolset.Name));
        Assert.Equal(s_readOnly, tools.Where(tool => tool.Value.ProtocolTool.Annotations?.ReadOnlyHint == true).Select(tool => tool.Key).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData(null, null, false, "context issues pull_requests repos users")]
    [InlineData("default", null, false, "context issues pull_requests repos users")]
    [InlineData("all", null, false, "context issues pull_requests repos users")]
    [InlineData("issues, pull_requests", null, false, "issues pull_requests")]
    [InlineData("users", "get_me,merge_pull_request", false, "users +get_me +merge_pull_request")]
    [InlineData("repos", null, true, "repos(read-only)")]
    public void ToolsetsToolsAndReadOnlyChooseTheToolsAsTheReferenceServerDoes(string? toolsets, string? tools, bool readOnly, string expected)
    {
        var registered = Registered(new GitHubOptions { Toolsets = toolsets, Tools = tools, ReadOnly = readOnly }).Keys.ToHashSet(StringComparer.Ordinal);

        var wanted = new HashSet<string>(StringComparer.Ordinal);
        foreach (var part in expected.Split(' '))
        {
            if (part.StartsWith('+'))
            {
                wanted.Add(part[1..]);
                continue;
            }

            var toolset = part.Replace("(read-only)", "", StringComparison.Ordinal);
            wanted.UnionWith(s_reference.Where(tool => tool.Value.Toolset == toolset && (!part.EndsWith("(read-only)", StringComparison.Ordinal) || s_readOnly.Contains(tool.Key))).Select(tool => tool.Key));
        }

        Assert.Equal(wanted.Order(StringComparer.Ordinal), registered.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void AnUnknownToolsetOrToolIsAProblemNamingTheSettingAndWhatItMayBe()
    {
        var problems = GitHubToolsets.Select(new GitHubOptions { Toolsets = "repos,gists", Tools = "get_gist" }).Problems;

        Assert.Equal(2, problems.Count);
        Assert.StartsWith("GitHub:Toolsets names 'gists', which is not a toolset of mcp-github: use all, default or some of context, repos, issues, pull_requests, users.", problems[0], StringComparison.Ordinal);
        Assert.StartsWith("GitHub:Tools names 'get_gist', which is not a tool of mcp-github: the tools are add_issue_comment, create_branch,", problems[1], StringComparison.Ordinal);
    }

    private static Dictionary<string, McpServerTool> Registered(GitHubOptions options)
    {
        var selection = GitHubToolsets.Select(options);
        Assert.Empty(selection.Problems);
        var services = new ServiceCollection();
        services.AddMcpServer().WithToolsWhere(GitHubToolsets.All.Select(toolset => toolset.Tools), selection.Includes);
        using var provider = services.BuildServiceProvider();
        return provider.GetServices<McpServerTool>().ToDictionary(tool => tool.ProtocolTool.Name, StringComparer.Ordinal);
    }

    private static string ArgumentsOf(McpServerTool tool)
    {
        var schema = tool.ProtocolTool.InputSchema;
        var required = schema.TryGetProperty("required", out var names) ? names.EnumerateArray().Select(name => name.GetString()!).ToHashSet(StringComparer.Ordinal) : [];
        return string.Join(' ', schema.GetProperty("properties").EnumerateObject().Select(property => required.Contains(property.Name) ? property.Name + "*" : property.Name));
    }
}
