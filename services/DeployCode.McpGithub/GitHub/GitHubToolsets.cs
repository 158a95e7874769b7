using DeployCode.McpGithub.Toolsets;
using DeployCode.McpHosting;
using ModelContextProtocol.Server;

namespace DeployCode.McpGithub.GitHub;

/// <summary>A group of tools chosen together, as <c>github/github-mcp-server</c> groups them.</summary>
internal sealed record GitHubToolset(string Name, string Description, Type Tools, bool IsDefault);

/// <summary>Which tools a configuration turns on, or what is wrong with it.</summary>
internal sealed record GitHubToolSelection(IReadOnlyList<GitHubToolset> Toolsets, IReadOnlySet<string> ExtraTools, bool ReadOnly, IReadOnlyList<string> Problems)
{
    /// <summary>Whether the tool belongs in the server: its toolset is on or it is named, and it reads when the server is read-only.</summary>
    public bool Includes(Type toolset, McpServerToolAttribute tool) =>
        (Toolsets.Any(chosen => chosen.Tools == toolset) || ExtraTools.Contains(tool.Name!)) && (!ReadOnly || tool.ReadOnly);
}

/// <summary>
/// The toolsets of mcp-github, selected the way the reference server selects them: <c>GitHub:Toolsets</c> is a
/// comma-separated list of names, with <c>default</c> (context, repos, issues, pull_requests, users) when empty and
/// <c>all</c> for every one; <c>GitHub:Tools</c> adds single tools by name; <c>GitHub:ReadOnly</c> keeps only the tools
/// that change nothing.
/// </summary>
internal static class GitHubToolsets
{
    public static readonly IReadOnlyList<GitHubToolset> All =
    [
        new("context", "Who the token belongs to", typeof(ContextTools), IsDefault: true),
        new("repos", "Repositories: search, contents, branches, commits", typeof(RepositoryTools), IsDefault: true),
        new("issues", "Issues: read, write, list, search, comment", typeof(IssueTools), IsDefault: true),
        new("pull_requests", "Pull requests: read, open, edit, list, merge, search", typeof(PullRequestTools), IsDefault: true),
        new("users", "Users: search", typeof(UserTools), IsDefault: true),
    ];

    /// <summary>Every tool name of every toolset, each with its toolset.</summary>
    public static IEnumerable<(GitHubToolset Toolset, McpServerToolAttribute Tool)> Tools() =>
        All.SelectMany(toolset => PlatformMcpServerExtensions.ToolMethods(toolset.Tools).Select(tool => (toolset, tool.Attribute)));

    public static GitHubToolSelection Select(GitHubOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = new List<string>();
        var chosen = new List<GitHubToolset>();
        var names = Split(options.Toolsets);
        foreach (var name in names.Count == 0 ? ["default"] : names)
        {
            var toolsets = name switch
            {
                "all" => All,
                "default" => [.. All.Where(toolset => toolset.IsDefault)],
                _ => All.Where(toolset => toolset.Name == name).ToList(),
            };
            if (toolsets.Count == 0)
            {
                problems.Add($"GitHub:Toolsets names '{name}', which is not a toolset of mcp-github: use all, default or some of {string.Join(", ", All.Select(toolset => toolset.Name))}.");
            }

            chosen.AddRange(toolsets.Except(chosen));
        }

        var known = Tools().Select(tool => tool.Tool.Name!).ToHashSet(StringComparer.Ordinal);
        var extra = Split(options.Tools).ToHashSet(StringComparer.Ordinal);
        problems.AddRange(extra.Where(tool => !known.Contains(tool)).Select(tool =>
            $"GitHub:Tools names '{tool}', which is not a tool of mcp-github: the tools are {string.Join(", ", known.Order(StringComparer.Ordinal))}."));
        return new GitHubToolSelection(chosen, extra, options.ReadOnly, problems);
    }

    private static List<string> Split(string? list) =>
        [.. (list ?? "").Split([',', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
}
