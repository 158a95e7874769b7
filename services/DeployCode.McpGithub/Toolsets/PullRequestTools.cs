using System.ComponentModel;
using System.Text.Json;
using System.Text.Json.Nodes;
using DeployCode.McpGithub.GitHub;
using ModelContextProtocol;
using ModelContextProtocol.Server;

namespace DeployCode.McpGithub.Toolsets;

/// <summary>The <c>pull_requests</c> toolset: reading, opening, changing, listing, merging and searching pull requests.</summary>
[McpServerToolType]
internal sealed class PullRequestTools(GitHubApi api) : GitHubToolset(api)
{
    private static readonly string[] s_pullRequestFields =
    [
        "number", "title", "body", "state", "draft", "merged", "mergeable_state", "html_url", "user", "labels", "assignees",
        "requested_reviewers", "merged_by", "head", "base", "additions", "deletions", "changed_files", "comments", "commits",
        "created_at", "updated_at", "closed_at", "merged_at",
    ];

    [McpServerTool(Name = "pull_request_read", Title = "Get details for a single pull request", ReadOnly = true, OpenWorld = true)]
    [Description("One pull request, as method says: get, get_diff, get_status (of its head commit), get_files, get_commits, get_review_comments, get_reviews, get_comments or get_check_runs.")]
    public async Task<string> PullRequestReadAsync(
        [Description("get, get_diff, get_status, get_files, get_commits, get_review_comments, get_reviews, get_comments or get_check_runs")] string method,
        [Description("Repository owner")] string owner,
        [Description("Repository name")] string repo,
        [Description("The pull request's number")] int pullNumber,
        [Description("Page number (from 1)")] int? page = null,
        [Description("Results per page (1 to 100)")] int? perPage = null,
        [Description("For get_review_comments: the endCursor of the previous answer's pageInfo")] string? after = null,
        CancellationToken cancellationToken = default)
    {
        var pull = $"repos/{owner}/{repo}/pulls/{pullNumber}";
        var paging = Query(("page", page), ("per_page", PerPage(perPage)));
        switch (OneOf("method", method, "get", "get_diff", "get_status", "get_files", "get_commits", "get_review_comments", "get_reviews", "get_comments", "get_check_runs"))
        {
            case "get":
                return await GetAsync(pull, cancellationToken);
            case "get_diff":
                return await Api.GetTextAsync(pull, "application/vnd.github.diff", cancellationToken);
            case "get_status":
                return await GetAsync($"repos/{owner}/{repo}/commits/{await HeadShaAsync(pull, cancellationToken)}/status", cancellationToken);
            case "get_check_runs":
                return await GetAsync($"repos/{owner}/{repo}/commits/{await HeadShaAsync(pull, cancellationToken)}/check-runs{paging}", cancellationToken);
            case "get_files":
                return await GetAsync($"{pull}/files{paging}", cancellationToken);
            case "get_commits":
                return await GetAsync($"{pull}/commits{paging}", cancellationToken);
            case "get_reviews":
                return await GetAsync($"{pull}/reviews{paging}", cancellationToken);
            case "get_comments":
                return await GetAsync($"repos/{owner}/{repo}/issues/{pullNumber}/comments{paging}", cancellationToken);
            default:
                var at = after is null ? page ?? 1 : PageOf(after);
                var comments = await Api.GetPageAsync($"{pull}/comments{Query(("page", at), ("per_page", PerPage(perPage)))}", cancellationToken);
                return Json(new JsonObject { ["review_comments"] = JsonSerializer.SerializeToNode(comments.Items), ["pageInfo"] = PageInfo(at, comments.HasNext) });
        }
    }

    [McpServerTool(Name = "create_pull_request", Title = "Open new pull request", OpenWorld = true)]
    [Description("Open a pull request from head into base, and ask reviewers for reviews.")]
    public async Task<string> CreatePullRequestAsync(
        [Description("Repository owner")] string owner,
        [Description("Repository name")] string repo,
        [Description("Title")] string title,
        [Description("Branch with the changes")] string head,
        [Description("Branch to merge into")] string @base,
        [Description("Description (Markdown)")] string? body = null,
        [Description("Open it as a draft")] bool? draft = null,
        [Description("Let maintainers push to head")] bool? maintainer_can_modify = null,
        [Description("Users, or ORG/team-slug teams, to ask for reviews")] string[]? reviewers = null,
        CancellationToken cancellationToken = default)
    {
        var created = await Api.SendAsync(HttpMethod.Post, $"repos/{owner}/{repo}/pulls", new { title, head, @base, body, draft, maintainer_can_modify }, cancellationToken);
        if (reviewers is { Length: > 0 })
        {
            await RequestReviewsAsync(owner, repo, created.GetProperty("number").GetInt32(), reviewers, cancellationToken);
        }

        return Json(created);
    }

    [McpServerTool(Name = "update_pull_request", Title = "Edit pull request", OpenWorld = true)]
    [Description("Change a pull request: title, description, state, base branch, maintainer edits, draft or ready, and reviewers to ask.")]
    public async Task<string> UpdatePullRequestAsync(
        [Description("Repository owner")] string owner,
        [Description("Repository name")] string repo,
        [Description("The pull request's number")] int pullNumber,
        [Description("New title")] string? title = null,
        [Description("New description")] string? body = null,
        [Description("open or closed")] string? state = null,
        [Description("New base branch")] string? @base = null,
        [Description("Let maintainers push to head")] bool? maintainer_can_modify = null,
        [Description("true to make it a draft, false to mark it ready for review")] bool? draft = null,
        [Description("Users, or ORG/team-slug teams, to ask for reviews")] string[]? reviewers = null,
        CancellationToken cancellationToken = default)
    {
        var pull = $"repos/{owner}/{repo}/pulls/{pullNumber}";
        var updated = await Api.SendAsync(HttpMethod.Patch, pull, new { title, body, state = OneOf("state", state, "open", "closed"), @base, maintainer_can_modify }, cancellationToken);
        if (draft is { } wanted && updated.GetProperty("draft").GetBoolean() != wanted)
        {
            // REST cannot change a pull request's draft state; GraphQL can, by its node id.
            var mutation = wanted
                ? "mutation($id: ID!) { convertPullRequestToDraft(input: { pullRequestId: $id }) { pullRequest { isDraft } } }"
                : "mutation($id: ID!) { markPullRequestReadyForReview(input: { pullRequestId: $id }) { pullRequest { isDraft } } }";
            await Api.GraphQLAsync(mutation, new { id = updated.GetProperty("node_id").GetString() }, cancellationToken);
            updated = await Api.GetAsync(pull, cancellationToken);
        }

        if (reviewers is { Length: > 0 })
        {
            await RequestReviewsAsync(owner, repo, pullNumber, reviewers, cancellationToken);
        }

        return Json(updated);
    }

    [McpServerTool(Name = "list_pull_requests", Title = "List pull requests", ReadOnly = true, OpenWorld = true)]
    [Description("The pull requests of a repository, with filters. To find them by author, use search_pull_requests.")]
    public async Task<string> ListPullRequestsAsync(
        [Description("Repository owner")] string owner,
        [Description("Repository name")] string repo,
        [Description("open, closed or all")] string? state = null,
        [Description("Only those from this head, as user:branch")] string? head = null,
        [Description("Only those into this base branch")] string? @base = null,
        [Description("created, updated, popularity or long-running")] string? sort = null,
        [Description("asc or desc")] string? direction = null,
        [Description("Page number (from 1)")] int? page = null,
        [Description("Results per page (1 to 100)")] int? perPage = null,
        [Description("Only these fields of each pull request")] string[]? fields = null,
        CancellationToken cancellationToken = default)
    {
        var pulls = await Api.GetAsync($"repos/{owner}/{repo}/pulls{Query(
            ("state", OneOf("state", state, "open", "closed", "all")), ("head", head), ("base", @base),
            ("sort", OneOf("sort", sort, "created", "updated", "popularity", "long-running")), ("direction", OneOf("direction", direction, "asc", "desc")),
            ("page", page), ("per_page", PerPage(perPage)))}", cancellationToken);
        return Json(Keep(pulls, fields, s_pullRequestFields));
    }

    [McpServerTool(Name = "merge_pull_request", Title = "Merge pull request", Destructive = true, OpenWorld = true)]
    [Description("Merge a pull request by merge, squash or rebase.")]
    public Task<string> MergePullRequestAsync(
        [Description("Repository owner")] string owner,
        [Description("Repository name")] string repo,
        [Description("The pull request's number")] int pullNumber,
        [Description("Title of the merge commit")] string? commit_title = null,
        [Description("More detail for the merge commit")] string? commit_message = null,
        [Description("merge, squash or rebase")] string? merge_method = null,
        CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Put, $"repos/{owner}/{repo}/pulls/{pullNumber}/merge",
            new { commit_title, commit_message, merge_method = OneOf("merge_method", merge_method, "merge", "squash", "rebase") }, cancellationToken);

    [McpServerTool(Name = "search_pull_requests", Title = "Search pull requests", ReadOnly = true, OpenWorld = true)]
    [Description("Search pull requests (GitHub issue search syntax, already limited to is:pr), in one repository when owner and repo are given.")]
    public Task<string> SearchPullRequestsAsync(
        [Description("Search query, e.g. 'author:octocat review:required'")] string query,
        [Description("Repository owner, to search one repository (with repo)")] string? owner = null,
        [Description("Repository name, to search one repository (with owner)")] string? repo = null,
        [Description("comments, reactions, reactions-+1, reactions--1, reactions-smile, reactions-thinking_face, reactions-heart, reactions-tada, interactions, created or updated (default: best match)")] string? sort = null,
        [Description("asc or desc")] string? order = null,
        [Description("Page number (from 1)")] int? page = null,
        [Description("Results per page (1 to 100)")] int? perPage = null,
        [Description("Only these fields of each result")] string[]? fields = null,
        CancellationToken cancellationToken = default) =>
        SearchIssuesOfKindAsync("pr", query, owner, repo, sort, order, page, perPage, fields, cancellationToken);

    private async Task<string> HeadShaAsync(string pull, CancellationToken cancellationToken) =>
        (await Api.GetAsync(pull, cancellationToken)).GetProperty("head").GetProperty("sha").GetString()!;

    // A reviewer written ORG/team-slug is a team of that organization; any other is a user.
    private Task<JsonElement> RequestReviewsAsync(string owner, string repo, int number, string[] reviewers, CancellationToken cancellationToken) =>
        Api.SendAsync(HttpMethod.Post, $"repos/{owner}/{repo}/pulls/{number}/requested_reviewers", new
        {
            reviewers = reviewers.Where(reviewer => !reviewer.Contains('/', StringComparison.Ordinal)).ToArray(),
            team_reviewers = reviewers.Where(reviewer => reviewer.Contains('/', StringComparison.Ordinal)).Select(team => team[(team.IndexOf('/', StringComparison.Ordinal) + 1)..]).ToArray(),
        }, cancellationToken);
}
