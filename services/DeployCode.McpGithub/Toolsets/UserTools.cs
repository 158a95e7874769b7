using System.ComponentModel;
using DeployCode.McpGithub.GitHub;
using ModelContextProtocol.Server;

namespace DeployCode.McpGithub.Toolsets;

/// <summary>The <c>users</c> toolset.</summary>
[McpServerToolType]
internal sealed class UserTools(GitHubApi api) : GitHubToolset(api)
{
    [McpServerTool(Name = "search_users", Title = "Search users", ReadOnly = true, OpenWorld = true)]
    [Description("Find GitHub users by login, name, location or other profile data (GitHub user search syntax, already limited to type:user).")]
    public Task<string> SearchUsersAsync(
        [Description("User search query, e.g. 'location:lisbon followers:>100'")] string query,
        [Description("followers, repositories or joined (default: best match)")] string? sort = null,
        [Description("asc or desc")] string? order = null,
        [Description("Page number (from 1)")] int? page = null,
        [Description("Results per page (1 to 100)")] int? perPage = null,
        CancellationToken cancellationToken = default) =>
        GetAsync($"search/users{Query(("q", $"type:user {query}"), ("sort", OneOf("sort", sort, "followers", "repositories", "joined")), ("order", OneOf("order", order, "asc", "desc")), ("page", page), ("per_page", PerPage(perPage)))}", cancellationToken);
}
