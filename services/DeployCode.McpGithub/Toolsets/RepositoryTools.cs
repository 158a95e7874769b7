using System.ComponentModel;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using DeployCode.McpGithub.GitHub;
using ModelContextProtocol;
using ModelContextProtocol.Server;

namespace DeployCode.McpGithub.Toolsets;

/// <summary>A file of <see cref="RepositoryTools.PushFilesAsync"/>.</summary>
public sealed record FileToPush(
    [property: JsonPropertyName("path"), Description("Path of the file in the repository")] string Path,
    [property: JsonPropertyName("content"), Description("Its whole content")] string Content);

/// <summary>The <c>repos</c> toolset: finding repositories and code, reading and writing their contents, branches and commits.</summary>
[McpServerToolType]
internal sealed class RepositoryTools(GitHubApi api) : GitHubToolset(api)
{
    private static readonly string[] s_minimalRepository =
    [
        "id", "name", "full_name", "description", "html_url", "language", "stargazers_count", "forks_count", "open_issues_count",
        "updated_at", "created_at", "topics", "private", "fork", "archived", "default_branch",
    ];

    [McpServerTool(Name = "search_repositories", Title = "Search repositories", ReadOnly = true, OpenWorld = true)]
    [Description("Find repositories by name, description, readme, topics or other metadata (GitHub repository search syntax).")]
    public async Task<string> SearchRepositoriesAsync(
        [Description("Search query, e.g. 'aspire in:name language:c# stars:>100'")] string query,
        [Description("stars, forks, help-wanted-issues or updated (default: best match)")] string? sort = null,
        [Description("asc or desc")] string? order = null,
        [Description("Page number (from 1)")] int? page = null,
        [Description("Results per page (1 to 100)")] int? perPage = null,
        [Description("Only the main fields of each repository (default true); false gives GitHub's whole objects")] bool minimal_output = true,
        CancellationToken cancellationToken = default)
    {
        var found = await Api.GetAsync($"search/repositories{Query(("q", query), ("sort", OneOf("sort", sort, "stars", "forks", "help-wanted-issues", "updated")), ("order", OneOf("order", order, "asc", "desc")), ("page", page), ("per_page", PerPage(perPage)))}", cancellationToken);
        if (!minimal_output)
        {
            return Json(found);
        }

        var answer = JsonSerializer.SerializeToNode(found)!.AsObject();
        answer["items"] = Keep(found.GetProperty("items"), s_minimalRepository, s_minimalRepository);
        return Json(answer);
    }

    [McpServerTool(Name = "search_code", Title = "Search code", ReadOnly = true, OpenWorld = true)]
    [Description("Search code across GitHub repositories (GitHub code search syntax: qualifiers such as repo:, language:, path:).")]
    public async Task<string> SearchCodeAsync(
        [Description("Search query, e.g. 'WaitFor repo:microsoft/aspire language:c#'")] string query,
        [Description("Sort field: indexed only")] string? sort = null,
        [Description("asc or desc")] string? order = null,
        [Description("Page number (from 1)")] int? page = null,
        [Description("Results per page (1 to 100)")] int? perPage = null,
        [Description("Only these fields of each result: name, path, sha, repository, text_matches")] string[]? fields = null,
        CancellationToken cancellationToken = default)
    {
        var found = await Api.GetAsync($"search/code{Query(("q", query), ("sort", OneOf("sort", sort, "indexed")), ("order", OneOf("order", order, "asc", "desc")), ("page", page), ("per_page", PerPage(perPage)))}", cancellationToken);
        var answer = JsonSerializer.SerializeToNode(found)!.AsObject();
        answer["items"] = Keep(found.GetProperty("items"), fields, "name", "path", "sha", "repository", "text_matches");
        return Json(answer);
    }

    [McpServerTool(Name = "get_file_contents", Title = "Get file or directory contents", ReadOnly = true, OpenWorld = true)]
    [Description("The contents of a file (decoded as UTF-8 text) or the listing of a directory in a repository.")]
    public async Task<string> GetFileContentsAsync(
        [Description("Repository owner (user or organization)")] string owner,
        [Description("Repository name")] string repo,
        [Description("Path of the file or directory (default: the root)")] string path = "/",
        [Description("A git ref such as refs/heads/main, refs/tags/v1 or refs/pull/7/head (default: the default branch)")] string? @ref = null,
        [Description("A commit SHA; used instead of ref when given")] string? sha = null,
        [Description("For a directory, only these fields of each entry: type, name, path, size, sha, url, git_url, html_url, download_url")] string[]? fields = null,
        CancellationToken cancellationToken = default)
    {
        var contents = await Api.GetAsync($"repos/{owner}/{repo}/contents/{EscapePath(path)}{Query(("ref", sha ?? @ref))}", cancellationToken);
        if (contents.ValueKind == JsonValueKind.Array)
        {
            return Json(Keep(contents, fields, "type", "name", "path", "size", "sha", "url", "git_url", "html_url", "download_url"));
        }

        if (contents.TryGetProperty("encoding", out var encoding) && encoding.GetString() == "base64")
        {
            var file = JsonSerializer.SerializeToNode(contents)!.AsObject();
            file["content"] = Encoding.UTF8.GetString(Convert.FromBase64String(contents.GetProperty("content").GetString()!.Replace("\n", "", StringComparison.Ordinal)));
            file["encoding"] = "utf-8";
            return Json(file);
        }

        return Json(contents);
    }

    [McpServerTool(Name = "create_or_update_file", Title = "Create or update file", Destructive = true, OpenWorld = true)]
    [Description("Create a file in a repository, or replace one (give the SHA of the version it replaces). The content is the file's text as it should be: it is encoded here.")]
    public async Task<string> CreateOrUpdateFileAsync(
        [Description("Repository owner (user or organization)")] string owner,
        [Description("Repository name")] string repo,
        [Description("Path of the file")] string path,
        [Description("The whole new content, not encoded")] string content,
        [Description("Commit message")] string message,
        [Description("Branch to commit to")] string branch,
        [Description("Blob SHA of the file being replaced; needed when it exists")] string? sha = null,
        [Description("Replace a symbolic link itself: content is then the link's new target")] bool allow_symlink_write = false,
        CancellationToken cancellationToken = default)
    {
        if (sha is not null)
        {
            var current = await Api.GetAsync($"repos/{owner}/{repo}/contents/{EscapePath(path)}{Query(("ref", branch))}", cancellationToken);
            if (current.ValueKind == JsonValueKind.Object && current.GetProperty("type").GetString() == "symlink")
            {
                return allow_symlink_write
                    ? await CommitAsync(owner, repo, branch, message, [new { path, mode = "120000", type = "blob", content }], cancellationToken)
                    : throw new McpException($"{path} is a symbolic link: writing it would replace the link with a file. Set allow_symlink_write to change the link's target instead.");
            }
        }

        return await SendAsync(HttpMethod.Put, $"repos/{owner}/{repo}/contents/{EscapePath(path)}",
            new { message, content = Convert.ToBase64String(Encoding.UTF8.GetBytes(content)), branch, sha }, cancellationToken);
    }

    [McpServerTool(Name = "delete_file", Title = "Delete file", Destructive = true, OpenWorld = true)]
    [Description("Delete a file from a branch of a repository, in a commit of its own.")]
    public async Task<string> DeleteFileAsync(
        [Description("Repository owner (user or organization)")] string owner,
        [Description("Repository name")] string repo,
        [Description("Path of the file")] string path,
        [Description("Commit message")] string message,
        [Description("Branch to delete it from")] string branch,
        CancellationToken cancellationToken = default)
    {
        var current = await Api.GetAsync($"repos/{owner}/{repo}/contents/{EscapePath(path)}{Query(("ref", branch))}", cancellationToken);
        if (current.ValueKind != JsonValueKind.Object)
        {
            throw new McpException($"{path} is a directory: delete_file deletes one file.");
        }

        return await SendAsync(HttpMethod.Delete, $"repos/{owner}/{repo}/contents/{EscapePath(path)}",
            new { message, sha = current.GetProperty("sha").GetString(), branch }, cancellationToken);
    }

    [McpServerTool(Name = "push_files", Title = "Push files to repository", Destructive = true, OpenWorld = true)]
    [Description("Push several files to a branch in one commit.")]
    public Task<string> PushFilesAsync(
        [Description("Repository owner")] string owner,
        [Description("Repository name")] string repo,
        [Description("Branch to push to")] string branch,
        [Description("The files, each with path and content")] FileToPush[] files,
        [Description("Commit message")] string message,
        CancellationToken cancellationToken = default) =>
        CommitAsync(owner, repo, branch, message, [.. files.Select(file => (object)new { path = file.Path, mode = "100644", type = "blob", content = file.Content })], cancellationToken);

    [McpServerTool(Name = "create_repository", Title = "Create repository", OpenWorld = true)]
    [Description("Create a repository in the token's account or in an organization. It is private unless private is false.")]
    public Task<string> CreateRepositoryAsync(
        [Description("Repository name")] string name,
        [Description("Description")] string? description = null,
        [Description("Organization to create it in (default: the token's account)")] string? organization = null,
        [Description("Whether it is private (default true)")] bool @private = true,
        [Description("Create it with a README")] bool? autoInit = null,
        CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Post, organization is null ? "user/repos" : $"orgs/{Uri.EscapeDataString(organization)}/repos",
            new { name, description, @private, auto_init = autoInit }, cancellationToken);

    [McpServerTool(Name = "fork_repository", Title = "Fork repository", OpenWorld = true)]
    [Description("Fork a repository into the token's account or an organization.")]
    public Task<string> ForkRepositoryAsync(
        [Description("Repository owner")] string owner,
        [Description("Repository name")] string repo,
        [Description("Organization to fork into (default: the token's account)")] string? organization = null,
        CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Post, $"repos/{owner}/{repo}/forks", new { organization }, cancellationToken);

    [McpServerTool(Name = "create_branch", Title = "Create branch", OpenWorld = true)]
    [Description("Create a branch from another one (default: the repository's default branch).")]
    public async Task<string> CreateBranchAsync(
        [Description("Repository owner")] string owner,
        [Description("Repository name")] string repo,
        [Description("Name of the new branch")] string branch,
        [Description("Branch to start from (default: the default branch)")] string? from_branch = null,
        CancellationToken cancellationToken = default)
    {
        var source = from_branch ?? (await Api.GetAsync($"repos/{owner}/{repo}", cancellationToken)).GetProperty("default_branch").GetString()!;
        var head = await Api.GetAsync($"repos/{owner}/{repo}/git/ref/heads/{EscapePath(source)}", cancellationToken);
        return await SendAsync(HttpMethod.Post, $"repos/{owner}/{repo}/git/refs",
            new { @ref = $"refs/heads/{branch}", sha = head.GetProperty("object").GetProperty("sha").GetString() }, cancellationToken);
    }

    [McpServerTool(Name = "list_branches", Title = "List branches", ReadOnly = true, OpenWorld = true)]
    [Description("The branches of a repository.")]
    public Task<string> ListBranchesAsync(
        [Description("Repository owner")] string owner,
        [Description("Repository name")] string repo,
        [Description("Page number (from 1)")] int? page = null,
        [Description("Results per page (1 to 100)")] int? perPage = null,
        CancellationToken cancellationToken = default) =>
        GetAsync($"repos/{owner}/{repo}/branches{Query(("page", page), ("per_page", PerPage(perPage)))}", cancellationToken);

    [McpServerTool(Name = "list_commits", Title = "List commits", ReadOnly = true, OpenWorld = true)]
    [Description("The commits of a branch, tag or commit, newest first, with filters.")]
    public async Task<string> ListCommitsAsync(
        [Description("Repository owner")] string owner,
        [Description("Repository name")] string repo,
        [Description("Branch, tag or commit SHA to start from (default: the default branch)")] string? sha = null,
        [Description("Only commits by this user name or e-mail address")] string? author = null,
        [Description("Only commits that touch this path")] string? path = null,
        [Description("Only commits after this ISO 8601 date")] string? since = null,
        [Description("Only commits before this ISO 8601 date")] string? until = null,
        [Description("Page number (from 1)")] int? page = null,
        [Description("Results per page (1 to 100)")] int? perPage = null,
        [Description("Only these fields of each commit: sha, html_url, commit, author, committer")] string[]? fields = null,
        CancellationToken cancellationToken = default)
    {
        var commits = await Api.GetAsync($"repos/{owner}/{repo}/commits{Query(("sha", sha), ("author", author), ("path", path), ("since", since), ("until", until), ("page", page), ("per_page", PerPage(perPage)))}", cancellationToken);
        return Json(Keep(commits, fields, "sha", "html_url", "commit", "author", "committer"));
    }

    [McpServerTool(Name = "get_commit", Title = "Get commit details", ReadOnly = true, OpenWorld = true)]
    [Description("One commit: its message, author and, as detail asks, its changed files with their stats or their patches.")]
    public async Task<string> GetCommitAsync(
        [Description("Repository owner")] string owner,
        [Description("Repository name")] string repo,
        [Description("Commit SHA, branch or tag")] string sha,
        [Description("none (no files), stats (files with their counts; the default) or full_patch (with each file's patch)")] string detail = "stats",
        [Description("Page number of the changed files (from 1)")] int? page = null,
        [Description("Changed files per page (1 to 100)")] int? perPage = null,
        CancellationToken cancellationToken = default)
    {
        OneOf("detail", detail, "none", "stats", "full_patch");
        var commit = JsonSerializer.SerializeToNode(await Api.GetAsync($"repos/{owner}/{repo}/commits/{Uri.EscapeDataString(sha)}{Query(("page", page), ("per_page", PerPage(perPage)))}", cancellationToken))!.AsObject();
        if (detail == "none")
        {
            commit.Remove("files");
            commit.Remove("stats");
        }
        else if (detail == "stats" && commit["files"] is JsonArray files)
        {
            foreach (var file in files.OfType<JsonObject>())
            {
                file.Remove("patch");
            }
        }

        return Json(commit);
    }

    // One commit of the given tree entries on top of the branch, through the Git data API.
    private async Task<string> CommitAsync(string owner, string repo, string branch, string message, object[] entries, CancellationToken cancellationToken)
    {
        var head = await Api.GetAsync($"repos/{owner}/{repo}/git/ref/heads/{EscapePath(branch)}", cancellationToken);
        var parent = head.GetProperty("object").GetProperty("sha").GetString();
        var tree = await Api.SendAsync(HttpMethod.Post, $"repos/{owner}/{repo}/git/trees", new { base_tree = parent, tree = entries }, cancellationToken);
        var commit = await Api.SendAsync(HttpMethod.Post, $"repos/{owner}/{repo}/git/commits",
            new { message, tree = tree.GetProperty("sha").GetString(), parents = new[] { parent } }, cancellationToken);
        return await SendAsync(HttpMethod.Patch, $"repos/{owner}/{repo}/git/refs/heads/{EscapePath(branch)}",
            new { sha = commit.GetProperty("sha").GetString(), force = false }, cancellationToken);
    }
}
