using System.ComponentModel;
using System.Text.Json;
using System.Text.Json.Nodes;
using DeployCode.McpGithub.GitHub;
using ModelContextProtocol;
using ModelContextProtocol.Server;

namespace DeployCode.McpGithub.Toolsets;

/// <summary>The <c>issues</c> toolset: reading, writing, listing and searching issues, and commenting on them.</summary>
[McpServerToolType]
internal sealed class IssueTools(GitHubApi api) : GitHubToolset(api)
{
    private static readonly string[] s_issueFields =
    [
        "number", "title", "body", "state", "user", "labels", "assignees", "comments", "created_at", "updated_at",
    ];

    [McpServerTool(Name = "issue_read", Title = "Get issue details", ReadOnly = true, OpenWorld = true)]
    [Description("One issue, as method says: get (the issue), get_comments, get_sub_issues, get_parent or get_labels.")]
    public Task<string> IssueReadAsync(
        [Description("get, get_comments, get_sub_issues, get_parent or get_labels")] string method,
        [Description("Repository owner")] string owner,
        [Description("Repository name")] string repo,
        [Description("The issue's number")] int issue_number,
        [Description("Page number for comments, sub-issues and labels (from 1)")] int? page = null,
        [Description("Results per page (1 to 100)")] int? perPage = null,
        CancellationToken cancellationToken = default)
    {
        var issue = $"repos/{owner}/{repo}/issues/{issue_number}";
        var paging = Query(("page", page), ("per_page", PerPage(perPage)));
        return OneOf("method", method, "get", "get_comments", "get_sub_issues", "get_parent", "get_labels") switch
        {
            "get" => GetAsync(issue, cancellationToken),
            "get_comments" => GetAsync($"{issue}/comments{paging}", cancellationToken),
            "get_sub_issues" => GetAsync($"{issue}/sub_issues{paging}", cancellationToken),
            "get_parent" => GetAsync($"{issue}/parent", cancellationToken),
            _ => GetAsync($"{issue}/labels{paging}", cancellationToken),
        };
    }

    [McpServerTool(Name = "issue_write", Title = "Create or update issue", OpenWorld = true)]
    [Description("Create an issue (method create, with a title) or change one (method update, with its issue_number): title, body, state and its reason, labels, assignees, milestone, type.")]
    public Task<string> IssueWriteAsync(
        [Description("create or update")] string method,
        [Description("Repository owner")] string owner,
        [Description("Repository name")] string repo,
        [Description("The issue to update (update only)")] int? issue_number = null,
        [Description("Title (needed to create)")] string? title = null,
        [Description("Body (Markdown)")] string? body = null,
        [Description("User names to assign")] string[]? assignees = null,
        [Description("Labels to apply")] string[]? labels = null,
        [Description("Milestone number")] int? milestone = null,
        [Description("The issue type's name, where the repository has issue types")] string? type = null,
        [Description("open or closed")] string? state = null,
        [Description("completed, not_planned or duplicate: why the state changes")] string? state_reason = null,
        [Description("The issue this one duplicates: needed when state_reason is duplicate")] int? duplicate_of = null,
        CancellationToken cancellationToken = default)
    {
        if ((state_reason == "duplicate") != (duplicate_of is not null))
        {
            throw new McpException("state_reason duplicate and duplicate_of go together: give duplicate_of, the issue this one duplicates, with state_reason duplicate.");
        }

        var fields = new IssueFields(title, body, assignees, labels, milestone, type,
            OneOf("state", state, "open", "closed"), OneOf("state_reason", state_reason, "completed", "not_planned", "duplicate"));
        return OneOf("method", method, "create", "update") switch
        {
            "create" => string.IsNullOrWhiteSpace(title)
                ? throw new McpException("title is needed to create an issue.")
                : SendAsync(HttpMethod.Post, $"repos/{owner}/{repo}/issues", fields, cancellationToken),
            _ => issue_number is { } number
                ? duplicate_of is { } original
                    ? CloseAsDuplicateAsync(owner, repo, number, original, fields with { state = null, state_reason = null }, cancellationToken)
                    : SendAsync(HttpMethod.Patch, $"repos/{owner}/{repo}/issues/{number}", fields, cancellationToken)
                : throw new McpException("issue_number is needed to update an issue."),
        };
    }

    // REST cannot name the issue a closed one duplicates; GraphQL's closeIssue can, by both issues' node ids.
    private async Task<string> CloseAsDuplicateAsync(string owner, string repo, int number, int original, IssueFields fields, CancellationToken cancellationToken)
    {
        var issue = await Api.SendAsync(HttpMethod.Patch, $"repos/{owner}/{repo}/issues/{number}", fields, cancellationToken);
        var canonical = await Api.GetAsync($"repos/{owner}/{repo}/issues/{original}", cancellationToken);
        await Api.GraphQLAsync("mutation($id: ID!, $duplicate: ID!) { closeIssue(input: { issueId: $id, stateReason: DUPLICATE, duplicateIssueId: $duplicate }) { issue { state } } }",
            new { id = issue.GetProperty("node_id").GetString(), duplicate = canonical.GetProperty("node_id").GetString() }, cancellationToken);
        return await GetAsync($"repos/{owner}/{repo}/issues/{number}", cancellationToken);
    }

    // The fields issue_write sends; null ones are left as they are.
    private sealed record IssueFields(string? title, string? body, string[]? assignees, string[]? labels, int? milestone, string? type, string? state, string? state_reason);

    [McpServerTool(Name = "list_issues", Title = "List issues", ReadOnly = true, OpenWorld = true)]
    [Description("The issues of a repository (not its pull requests), open and closed unless state says which. For the next page, pass pageInfo.endCursor of the answer as after.")]
    public async Task<string> ListIssuesAsync(
        [Description("Repository owner")] string owner,
        [Description("Repository name")] string repo,
        [Description("OPEN or CLOSED (default: both)")] string? state = null,
        [Description("Only issues with all these labels")] string[]? labels = null,
        [Description("CREATED_AT, UPDATED_AT or COMMENTS; give direction too")] string? orderBy = null,
        [Description("ASC or DESC; give orderBy too")] string? direction = null,
        [Description("Only issues updated since this ISO 8601 time")] string? since = null,
        [Description("Results per page (1 to 100)")] int? perPage = null,
        [Description("The endCursor of the previous answer's pageInfo")] string? after = null,
        [Description("Only these fields of each issue: number, title, body, state, user, labels, assignees, comments, created_at, updated_at")] string[]? fields = null,
        CancellationToken cancellationToken = default)
    {
        if ((orderBy is null) != (direction is null))
        {
            throw new McpException("orderBy and direction go together: give both or neither.");
        }

        var page = PageOf(after);
        var sort = OneOf("orderBy", orderBy, "CREATED_AT", "UPDATED_AT", "COMMENTS") switch
        {
            "CREATED_AT" => "created",
            "UPDATED_AT" => "updated",
            "COMMENTS" => "comments",
            _ => null,
        };
        var listed = await Api.GetPageAsync($"repos/{owner}/{repo}/issues{Query(
            ("state", OneOf("state", state, "OPEN", "CLOSED")?.ToLowerInvariant() ?? "all"),
            ("labels", labels is null ? null : string.Join(',', labels)),
            ("sort", sort), ("direction", OneOf("direction", direction, "ASC", "DESC")?.ToLowerInvariant()),
            ("since", since), ("per_page", PerPage(perPage)), ("page", page))}", cancellationToken);

        // GitHub's REST listing includes pull requests; the reference lists issues only.
        var issues = JsonSerializer.SerializeToElement(listed.Items.EnumerateArray().Where(item => !item.TryGetProperty("pull_request", out _)));
        return Json(new JsonObject
        {
            ["issues"] = Keep(issues, fields, s_issueFields),
            ["pageInfo"] = PageInfo(page, listed.HasNext),
        });
    }

    [McpServerTool(Name = "search_issues", Title = "Search issues", ReadOnly = true, OpenWorld = true)]
    [Description("Search issues (GitHub issue search syntax, already limited to is:issue), in one repository when owner and repo are given.")]
    public async Task<string> SearchIssuesAsync(
        [Description("Search query, e.g. 'sign-in fails label:bug'")] string query,
        [Description("Repository owner, to search one repository (with repo)")] string? owner = null,
        [Description("Repository name, to search one repository (with owner)")] string? repo = null,
        [Description("comments, reactions, reactions-+1, reactions--1, reactions-smile, reactions-thinking_face, reactions-heart, reactions-tada, interactions, created or updated (default: best match)")] string? sort = null,
        [Description("asc or desc")] string? order = null,
        [Description("Page number (from 1)")] int? page = null,
        [Description("Results per page (1 to 100)")] int? perPage = null,
        [Description("Only these fields of each result")] string[]? fields = null,
        CancellationToken cancellationToken = default) =>
        await SearchIssuesOfKindAsync("issue", query, owner, repo, sort, order, page, perPage, fields, cancellationToken);

    [McpServerTool(Name = "add_issue_comment", Title = "Add comment to issue or pull request", OpenWorld = true)]
    [Description("Comment on an issue or pull request (its number as issue_number), or add a reaction to it or to one of its comments (comment_id). Give body, reaction or both.")]
    public async Task<string> AddIssueCommentAsync(
        [Description("Repository owner")] string owner,
        [Description("Repository name")] string repo,
        [Description("The issue's or pull request's number")] int issue_number,
        [Description("The comment (Markdown); needed unless reaction is given")] string? body = null,
        [Description("+1, -1, laugh, confused, heart, hooray, rocket or eyes")] string? reaction = null,
        [Description("The comment to react to (default: the issue itself)")] long? comment_id = null,
        CancellationToken cancellationToken = default)
    {
        OneOf("reaction", reaction, "+1", "-1", "laugh", "confused", "heart", "hooray", "rocket", "eyes");
        if (string.IsNullOrEmpty(body) && reaction is null)
        {
            throw new McpException("Give body, reaction or both.");
        }

        var answer = new JsonObject();
        if (!string.IsNullOrEmpty(body))
        {
            answer["comment"] = JsonSerializer.SerializeToNode(await Api.SendAsync(HttpMethod.Post, $"repos/{owner}/{repo}/issues/{issue_number}/comments", new { body }, cancellationToken));
        }

        if (reaction is not null)
        {
            var target = comment_id is { } id ? $"repos/{owner}/{repo}/issues/comments/{id}/reactions" : $"repos/{owner}/{repo}/issues/{issue_number}/reactions";
            answer["reaction"] = JsonSerializer.SerializeToNode(await Api.SendAsync(HttpMethod.Post, target, new { content = reaction }, cancellationToken));
        }

        return Json(answer);
    }
}
