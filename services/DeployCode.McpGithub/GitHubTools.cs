using System.ComponentModel;
using System.Globalization;
using System.Text;
using System.Text.Json;
using DeployCode.McpGithub.GitHub;
using ModelContextProtocol.Server;

namespace DeployCode.McpGithub;

/// <summary>A file of <see cref="GitHubTools.PushFilesAsync"/>.</summary>
public sealed record FileToPush(
    [property: System.Text.Json.Serialization.JsonPropertyName("path"), Description("Path of the file in the repository")] string Path,
    [property: System.Text.Json.Serialization.JsonPropertyName("content"), Description("Its whole content")] string Content);

/// <summary>
/// The tools of the reference GitHub MCP server, with its names and arguments (snake_case where it has them, since
/// clients send exactly those), over the GitHub REST API. Each answers GitHub's JSON, or a tool error that says why not.
/// </summary>
[McpServerToolType]
internal sealed class GitHubTools(GitHubApi api)
{
    private static readonly JsonSerializerOptions s_output = new() { WriteIndented = true };

    [McpServerTool(Name = "search_repositories", ReadOnly = true), Description("Search for GitHub repositories.")]
    public Task<string> SearchRepositoriesAsync(
        [Description("Search query (GitHub search syntax)")] string query,
        [Description("Page number (default 1)")] int? page = null,
        [Description("Results per page (default 30, max 100)")] int? perPage = null,
        CancellationToken cancellationToken = default) =>
        GetAsync($"search/repositories{Query(("q", query), ("page", page), ("per_page", perPage))}", cancellationToken);

    [McpServerTool(Name = "get_file_contents", ReadOnly = true), Description("Get the contents of a file (decoded) or a directory listing from a repository.")]
    public async Task<string> GetFileContentsAsync(
        [Description("Repository owner")] string owner, [Description("Repository name")] string repo,
        [Description("Path of the file or directory")] string path,
        [Description("Branch to read from (default: the repository's default branch)")] string? branch = null,
        CancellationToken cancellationToken = default)
    {
        var contents = await api.GetAsync($"repos/{owner}/{repo}/contents/{EscapePath(path)}{Query(("ref", branch))}", cancellationToken);
        if (contents.ValueKind == JsonValueKind.Object && contents.TryGetProperty("encoding", out var encoding) && encoding.GetString() == "base64")
        {
            var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(contents.GetProperty("content").GetString()!.Replace("\n", "", StringComparison.Ordinal)));
            var fields = contents.EnumerateObject().Where(field => field.Name is not ("content" or "encoding")).ToDictionary(field => field.Name, field => (object)field.Value);
            fields["content"] = decoded;
            fields["encoding"] = "utf-8";
            return JsonSerializer.Serialize(fields, s_output);
        }

        return Json(contents);
    }

    [McpServerTool(Name = "create_or_update_file", Destructive = true), Description("Create or update a single file in a repository (give sha to update an existing file).")]
    public Task<string> CreateOrUpdateFileAsync(
        string owner, string repo, [Description("Path of the file")] string path, [Description("The whole new content")] string content,
        [Description("Commit message")] string message, [Description("Branch to commit to")] string branch,
        [Description("SHA of the file being replaced, required to update")] string? sha = null,
        CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Put, $"repos/{owner}/{repo}/contents/{EscapePath(path)}",
            new { message, content = Convert.ToBase64String(Encoding.UTF8.GetBytes(content)), branch, sha }, cancellationToken);

    [McpServerTool(Name = "push_files", Destructive = true), Description("Push several files to a branch in a single commit.")]
    public async Task<string> PushFilesAsync(
        string owner, string repo, [Description("Branch to push to")] string branch,
        [Description("The files to push")] FileToPush[] files, [Description("Commit message")] string message,
        CancellationToken cancellationToken = default)
    {
        var head = await api.GetAsync($"repos/{owner}/{repo}/git/ref/heads/{EscapePath(branch)}", cancellationToken);
        var parent = head.GetProperty("object").GetProperty("sha").GetString();
        var tree = await api.SendAsync(HttpMethod.Post, $"repos/{owner}/{repo}/git/trees", new
        {
            base_tree = parent,
            tree = files.Select(file => new { path = file.Path, mode = "100644", type = "blob", content = file.Content }),
        }, cancellationToken);
        var commit = await api.SendAsync(HttpMethod.Post, $"repos/{owner}/{repo}/git/commits",
            new { message, tree = tree.GetProperty("sha").GetString(), parents = new[] { parent } }, cancellationToken);
        return await SendAsync(HttpMethod.Patch, $"repos/{owner}/{repo}/git/refs/heads/{EscapePath(branch)}",
            new { sha = commit.GetProperty("sha").GetString(), force = false }, cancellationToken);
    }

    [McpServerTool(Name = "create_repository"), Description("Create a repository for the authenticated user.")]
    public Task<string> CreateRepositoryAsync(
        [Description("Repository name")] string name, [Description("Description")] string? description = null,
        [Description("Whether it is private")] bool? @private = null, [Description("Create it with a README")] bool? autoInit = null,
        CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Post, "user/repos", new { name, description, @private, auto_init = autoInit }, cancellationToken);

    [McpServerTool(Name = "fork_repository"), Description("Fork a repository to the authenticated user or an organization.")]
    public Task<string> ForkRepositoryAsync(string owner, string repo,
        [Description("Organization to fork into (default: your account)")] string? organization = null, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Post, $"repos/{owner}/{repo}/forks", new { organization }, cancellationToken);

    [McpServerTool(Name = "create_branch"), Description("Create a branch from another one (default: the repository's default branch).")]
    public async Task<string> CreateBranchAsync(string owner, string repo, [Description("Name of the new branch")] string branch,
        [Description("Branch to start from")] string? from_branch = null, CancellationToken cancellationToken = default)
    {
        var source = from_branch ?? (await api.GetAsync($"repos/{owner}/{repo}", cancellationToken)).GetProperty("default_branch").GetString()!;
        var head = await api.GetAsync($"repos/{owner}/{repo}/git/ref/heads/{EscapePath(source)}", cancellationToken);
        return await SendAsync(HttpMethod.Post, $"repos/{owner}/{repo}/git/refs",
            new { @ref = $"refs/heads/{branch}", sha = head.GetProperty("object").GetProperty("sha").GetString() }, cancellationToken);
    }

    [McpServerTool(Name = "list_commits", ReadOnly = true), Description("List the commits of a branch.")]
    public Task<string> ListCommitsAsync(string owner, string repo, [Description("Branch or commit SHA to start from")] string? sha = null,
        int? page = null, int? perPage = null, CancellationToken cancellationToken = default) =>
        GetAsync($"repos/{owner}/{repo}/commits{Query(("sha", sha), ("page", page), ("per_page", perPage))}", cancellationToken);

    [McpServerTool(Name = "create_issue"), Description("Create an issue.")]
    public Task<string> CreateIssueAsync(string owner, string repo, [Description("Title")] string title, [Description("Body (Markdown)")] string? body = null,
        string[]? assignees = null, string[]? labels = null, int? milestone = null, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Post, $"repos/{owner}/{repo}/issues", new { title, body, assignees, labels, milestone }, cancellationToken);

    [McpServerTool(Name = "list_issues", ReadOnly = true), Description("List issues, with filters.")]
    public Task<string> ListIssuesAsync(string owner, string repo, [Description("open, closed or all")] string? state = null,
        string[]? labels = null, [Description("created, updated or comments")] string? sort = null, [Description("asc or desc")] string? direction = null,
        [Description("Only issues updated after this ISO 8601 time")] string? since = null, int? page = null, int? per_page = null,
        CancellationToken cancellationToken = default) =>
        GetAsync($"repos/{owner}/{repo}/issues{Query(("state", state), ("labels", labels is null ? null : string.Join(',', labels)), ("sort", sort), ("direction", direction), ("since", since), ("page", page), ("per_page", per_page))}", cancellationToken);

    [McpServerTool(Name = "get_issue", ReadOnly = true), Description("Get one issue.")]
    public Task<string> GetIssueAsync(string owner, string repo, int issue_number, CancellationToken cancellationToken = default) =>
        GetAsync($"repos/{owner}/{repo}/issues/{issue_number}", cancellationToken);

    [McpServerTool(Name = "update_issue"), Description("Update an issue: title, body, state, labels, assignees, milestone.")]
    public Task<string> UpdateIssueAsync(string owner, string repo, int issue_number, string? title = null, string? body = null,
        [Description("open or closed")] string? state = null, string[]? labels = null, string[]? assignees = null, int? milestone = null,
        CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Patch, $"repos/{owner}/{repo}/issues/{issue_number}", new { title, body, state, labels, assignees, milestone }, cancellationToken);

    [McpServerTool(Name = "add_issue_comment"), Description("Comment on an issue or pull request.")]
    public Task<string> AddIssueCommentAsync(string owner, string repo, int issue_number, [Description("Comment (Markdown)")] string body,
        CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Post, $"repos/{owner}/{repo}/issues/{issue_number}/comments", new { body }, cancellationToken);

    [McpServerTool(Name = "create_pull_request"), Description("Open a pull request.")]
    public Task<string> CreatePullRequestAsync(string owner, string repo, string title, [Description("Branch with the changes")] string head,
        [Description("Branch to merge into")] string @base, string? body = null, bool? draft = null, bool? maintainer_can_modify = null,
        CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Post, $"repos/{owner}/{repo}/pulls", new { title, head, @base, body, draft, maintainer_can_modify }, cancellationToken);

    [McpServerTool(Name = "get_pull_request", ReadOnly = true), Description("Get one pull request.")]
    public Task<string> GetPullRequestAsync(string owner, string repo, int pull_number, CancellationToken cancellationToken = default) =>
        GetAsync($"repos/{owner}/{repo}/pulls/{pull_number}", cancellationToken);

    [McpServerTool(Name = "list_pull_requests", ReadOnly = true), Description("List pull requests, with filters.")]
    public Task<string> ListPullRequestsAsync(string owner, string repo, [Description("open, closed or all")] string? state = null,
        string? head = null, string? @base = null, string? sort = null, string? direction = null, int? per_page = null, int? page = null,
        CancellationToken cancellationToken = default) =>
        GetAsync($"repos/{owner}/{repo}/pulls{Query(("state", state), ("head", head), ("base", @base), ("sort", sort), ("direction", direction), ("per_page", per_page), ("page", page))}", cancellationToken);

    [McpServerTool(Name = "merge_pull_request", Destructive = true), Description("Merge a pull request.")]
    public Task<string> MergePullRequestAsync(string owner, string repo, int pull_number, string? commit_title = null, string? commit_message = null,
        [Description("merge, squash or rebase")] string? merge_method = null, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Put, $"repos/{owner}/{repo}/pulls/{pull_number}/merge", new { commit_title, commit_message, merge_method }, cancellationToken);

    [McpServerTool(Name = "search_code", ReadOnly = true), Description("Search code across repositories.")]
    public Task<string> SearchCodeAsync(string q, int? page = null, int? per_page = null, CancellationToken cancellationToken = default) =>
        GetAsync($"search/code{Query(("q", q), ("page", page), ("per_page", per_page))}", cancellationToken);

    [McpServerTool(Name = "search_issues", ReadOnly = true), Description("Search issues and pull requests.")]
    public Task<string> SearchIssuesAsync(string q, string? sort = null, string? order = null, int? page = null, int? per_page = null,
        CancellationToken cancellationToken = default) =>
        GetAsync($"search/issues{Query(("q", q), ("sort", sort), ("order", order), ("page", page), ("per_page", per_page))}", cancellationToken);

    [McpServerTool(Name = "search_users", ReadOnly = true), Description("Search users.")]
    public Task<string> SearchUsersAsync(string q, string? sort = null, string? order = null, int? page = null, int? per_page = null,
        CancellationToken cancellationToken = default) =>
        GetAsync($"search/users{Query(("q", q), ("sort", sort), ("order", order), ("page", page), ("per_page", per_page))}", cancellationToken);

    private async Task<string> GetAsync(string path, CancellationToken cancellationToken) => Json(await api.GetAsync(path, cancellationToken));

    private async Task<string> SendAsync(HttpMethod method, string path, object body, CancellationToken cancellationToken) =>
        Json(await api.SendAsync(method, path, body, cancellationToken));

    private static string Json(JsonElement value) => value.ValueKind == JsonValueKind.Undefined ? "{}" : JsonSerializer.Serialize(value, s_output);

    private static string EscapePath(string path) => string.Join('/', path.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(Uri.EscapeDataString));

    private static string Query(params (string Name, object? Value)[] parameters)
    {
        var present = parameters.Where(parameter => parameter.Value is not null)
            .Select(parameter => $"{parameter.Name}={Uri.EscapeDataString(Convert.ToString(parameter.Value, CultureInfo.InvariantCulture)!)}")
            .ToArray();
        return present.Length == 0 ? "" : "?" + string.Join('&', present);
    }
}
