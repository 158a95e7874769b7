using System.Text.Json;
using DeployCode.McpGithub.GitHub;
using DeployCode.McpGithub.Toolsets;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using ModelContextProtocol;

namespace DeployCode.Services.Tests;

// The GitHub tools against a local fake of the REST and GraphQL endpoints they call: what reaches GitHub, and what
// comes back.
public sealed class GitHubToolsTests : IAsyncLifetime
{
    private FakeGitHub? _github;
    private readonly HttpClient _http = new();

    private FakeGitHub GitHub => _github!;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _github = await FakeGitHub.StartAsync();

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await GitHub.DisposeAsync();
    }

    [Fact]
    public async Task ToolsCallTheConfiguredApiWithTheTokenAndAnswerItsJson()
    {
        var found = Parse(await Repositories().SearchRepositoriesAsync("hello world", perPage: 5, cancellationToken: Cancellation));
        var repository = found.GetProperty("items")[0];
        Assert.Equal("octo/hello world", repository.GetProperty("full_name").GetString());
        Assert.Equal(5, repository.GetProperty("stargazers_count").GetInt32());
        Assert.False(repository.TryGetProperty("node_id", out _), "minimal_output keeps the main fields only");
        var whole = Parse(await Repositories().SearchRepositoriesAsync("hello", minimal_output: false, cancellationToken: Cancellation));
        Assert.Equal("R_1", whole.GetProperty("items")[0].GetProperty("node_id").GetString());

        var issue = Parse(await Issues().IssueWriteAsync("create", "octo", "hello", title: "It broke", body: "details", cancellationToken: Cancellation));
        Assert.Equal(7, issue.GetProperty("number").GetInt32());
        Assert.Equal("octo", Parse(await new ContextTools(Api(FakeGitHub.Token)).GetMeAsync(Cancellation)).GetProperty("login").GetString());

        Assert.Contains(GitHub.Requests, request => request.PathAndQuery == "/search/repositories?q=hello%20world&per_page=5");
        Assert.All(GitHub.Requests, request => Assert.Equal($"Bearer {FakeGitHub.Token}", request.Authorization));
    }

    [Fact]
    public async Task FileContentsComeBackDecodedDirectoriesWithTheAskedFieldsAndWritesGoBase64Encoded()
    {
        var file = Parse(await Repositories().GetFileContentsAsync("octo", "hello", "README.md", cancellationToken: Cancellation));
        Assert.Equal("# Hello\n", file.GetProperty("content").GetString());
        var listing = Parse(await Repositories().GetFileContentsAsync("octo", "hello", "docs", fields: ["name", "type"], cancellationToken: Cancellation));
        Assert.Equal("""[{"type":"file","name":"a.md"}]""", JsonSerializer.Serialize(listing));
        await Repositories().GetFileContentsAsync("octo", "hello", "README.md", @ref: "refs/heads/dev", sha: "c0ffee", cancellationToken: Cancellation);
        Assert.Contains(GitHub.Requests, request => request.PathAndQuery == "/repos/octo/hello/contents/README.md?ref=c0ffee");

        await Repositories().CreateOrUpdateFileAsync("octo", "hello", "docs/a.md", "text", "add a", "main", cancellationToken: Cancellation);
        var put = GitHub.Requests.Single(request => request.Method == "PUT");
        Assert.Equal("/repos/octo/hello/contents/docs/a.md", put.PathAndQuery);
        Assert.Equal("dGV4dA==", JsonDocument.Parse(put.Body).RootElement.GetProperty("content").GetString());
    }

    [Fact]
    public async Task ASymbolicLinkIsReplacedByAFileOnlyWhenAskedAndDeletingAFileSendsItsSha()
    {
        var refused = await Assert.ThrowsAsync<McpException>(() => Repositories().CreateOrUpdateFileAsync("octo", "hello", "latest", "v2", "move", "main", sha: "lnk", cancellationToken: Cancellation));
        Assert.StartsWith("latest is a symbolic link", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(GitHub.Requests, request => request.Method is "PUT" or "POST");

        await Repositories().CreateOrUpdateFileAsync("octo", "hello", "latest", "v2", "move", "main", sha: "lnk", allow_symlink_write: true, cancellationToken: Cancellation);
        var tree = JsonDocument.Parse(GitHub.Requests.Single(request => request.PathAndQuery.EndsWith("/git/trees", StringComparison.Ordinal)).Body).RootElement;
        Assert.Equal("120000", tree.GetProperty("tree")[0].GetProperty("mode").GetString());
        Assert.Equal("v2", tree.GetProperty("tree")[0].GetProperty("content").GetString());

        await Repositories().DeleteFileAsync("octo", "hello", "README.md", "remove", "main", Cancellation);
        var delete = JsonDocument.Parse(GitHub.Requests.Single(request => request.Method == "DELETE").Body).RootElement;
        Assert.Equal(("abc", "main"), (delete.GetProperty("sha").GetString(), delete.GetProperty("branch").GetString()));
    }

    [Fact]
    public async Task PushingFilesMakesOneCommitOnTopOfTheBranch()
    {
        var result = Parse(await Repositories().PushFilesAsync("octo", "hello", "main",
            [new FileToPush("a.txt", "A"), new FileToPush("b/c.txt", "C")], "two files", Cancellation));

        Assert.Equal("commit-sha", result.GetProperty("object").GetProperty("sha").GetString());
        var commit = JsonDocument.Parse(GitHub.Requests.Single(request => request.PathAndQuery.EndsWith("/git/commits", StringComparison.Ordinal)).Body).RootElement;
        Assert.Equal("tree-sha", commit.GetProperty("tree").GetString());
        Assert.Equal(["parent-sha"], commit.GetProperty("parents").EnumerateArray().Select(parent => parent.GetString()));
    }

    [Fact]
    public async Task ListingIssuesLeavesOutPullRequestsAndPagesByTheCursorItAnswers()
    {
        var first = Parse(await Issues().ListIssuesAsync("octo", "hello", state: "OPEN", orderBy: "UPDATED_AT", direction: "DESC", fields: ["number", "title"], cancellationToken: Cancellation));
        Assert.Equal("""[{"number":10,"title":"An issue"}]""", JsonSerializer.Serialize(first.GetProperty("issues")));
        Assert.True(first.GetProperty("pageInfo").GetProperty("hasNextPage").GetBoolean());
        Assert.Contains(GitHub.Requests, request => request.PathAndQuery == "/repos/octo/hello/issues?state=open&sort=updated&direction=desc&page=1");

        var second = Parse(await Issues().ListIssuesAsync("octo", "hello", after: first.GetProperty("pageInfo").GetProperty("endCursor").GetString(), cancellationToken: Cancellation));
        Assert.Equal(20, second.GetProperty("issues")[0].GetProperty("number").GetInt32());
        Assert.False(second.GetProperty("pageInfo").GetProperty("hasNextPage").GetBoolean());

        var unpaired = await Assert.ThrowsAsync<McpException>(() => Issues().ListIssuesAsync("octo", "hello", orderBy: "COMMENTS", cancellationToken: Cancellation));
        Assert.Equal("orderBy and direction go together: give both or neither.", unpaired.Message);
    }

    [Fact]
    public async Task AnUpdateSendsOnlyTheGivenFieldsAndClosingAsADuplicateNamesTheOriginal()
    {
        await Issues().IssueWriteAsync("update", "octo", "hello", issue_number: 7, title: "Renamed", cancellationToken: Cancellation);
        Assert.Equal("""{"title":"Renamed"}""", GitHub.Requests.Single(request => request.Method == "PATCH").Body);

        var unpaired = await Assert.ThrowsAsync<McpException>(() => Issues().IssueWriteAsync("update", "octo", "hello", issue_number: 7, state: "closed", state_reason: "duplicate", cancellationToken: Cancellation));
        Assert.StartsWith("state_reason duplicate and duplicate_of go together", unpaired.Message, StringComparison.Ordinal);

        await Issues().IssueWriteAsync("update", "octo", "hello", issue_number: 7, state: "closed", state_reason: "duplicate", duplicate_of: 3, cancellationToken: Cancellation);
        var graphql = JsonDocument.Parse(GitHub.Requests.Single(request => request.PathAndQuery == "/graphql").Body).RootElement;
        Assert.Contains("stateReason: DUPLICATE", graphql.GetProperty("query").GetString(), StringComparison.Ordinal);
        Assert.Equal(("I_node7", "I_node3"), (graphql.GetProperty("variables").GetProperty("id").GetString(), graphql.GetProperty("variables").GetProperty("duplicate").GetString()));
    }

    [Fact]
    public async Task APullRequestReadsAsADiffAndBecomesADraftThroughGraphQL()
    {
        Assert.Equal("diff --git a/a.txt b/a.txt\n", await PullRequests().PullRequestReadAsync("get_diff", "octo", "hello", 3, cancellationToken: Cancellation));

        var updated = Parse(await PullRequests().UpdatePullRequestAsync("octo", "hello", 3, title: "Better", draft: true, cancellationToken: Cancellation));
        Assert.True(updated.GetProperty("draft").GetBoolean());
        var graphql = JsonDocument.Parse(GitHub.Requests.Single(request => request.PathAndQuery == "/graphql").Body).RootElement;
        Assert.Contains("convertPullRequestToDraft", graphql.GetProperty("query").GetString(), StringComparison.Ordinal);
        Assert.Equal("PR_node3", graphql.GetProperty("variables").GetProperty("id").GetString());
    }

    [Fact]
    public async Task ArgumentsOutsideTheReferencesValuesAreToolErrorsNamingTheArgument()
    {
        var sort = await Assert.ThrowsAsync<McpException>(() => Repositories().SearchRepositoriesAsync("x", sort: "best", cancellationToken: Cancellation));
        Assert.Equal("sort must be one of stars, forks, help-wanted-issues, updated; got 'best'.", sort.Message);
        var perPage = await Assert.ThrowsAsync<McpException>(() => Repositories().ListBranchesAsync("octo", "hello", perPage: 500, cancellationToken: Cancellation));
        Assert.Equal("perPage must be from 1 to 100; got 500.", perPage.Message);
        var method = await Assert.ThrowsAsync<McpException>(() => Issues().IssueReadAsync("delete", "octo", "hello", 7, cancellationToken: Cancellation));
        Assert.StartsWith("method must be one of get, get_comments,", method.Message, StringComparison.Ordinal);
        var cursor = await Assert.ThrowsAsync<McpException>(() => Issues().ListIssuesAsync("octo", "hello", after: "Y3Vyc29y", cancellationToken: Cancellation));
        Assert.StartsWith("after must be the endCursor", cursor.Message, StringComparison.Ordinal);
        Assert.Empty(GitHub.Requests);

        var commit = Parse(await Repositories().GetCommitAsync("octo", "hello", "abc", cancellationToken: Cancellation));
        Assert.False(commit.GetProperty("files")[0].TryGetProperty("patch", out _), "stats, the default detail, leaves out the patches");
        Assert.False(Parse(await Repositories().GetCommitAsync("octo", "hello", "abc", detail: "none", cancellationToken: Cancellation)).TryGetProperty("files", out _));
    }

    [Fact]
    public async Task GitHubsRefusalsNoTokenAndNoNetworkAreClearToolErrors()
    {
        var missing = await Assert.ThrowsAsync<McpException>(() => Repositories().GetFileContentsAsync("octo", "hello", "absent.md", cancellationToken: Cancellation));
        Assert.Equal("GitHub answered 404 to GET repos/octo/hello/contents/absent.md: Not Found", missing.Message);

        var badToken = await Assert.ThrowsAsync<McpException>(() => new RepositoryTools(Api("wrong")).ListCommitsAsync("octo", "hello", cancellationToken: Cancellation));
        Assert.Contains("401", badToken.Message, StringComparison.Ordinal);
        Assert.Contains("Bad credentials", badToken.Message, StringComparison.Ordinal);

        var noToken = await Assert.ThrowsAsync<McpException>(() => new UserTools(Api(null)).SearchUsersAsync("octo", cancellationToken: Cancellation));
        Assert.Contains("github-token", noToken.Message, StringComparison.Ordinal);

        var unreachable = await Assert.ThrowsAsync<McpException>(() => new RepositoryTools(Api(FakeGitHub.Token, new Uri("http://127.0.0.1:1/"))).SearchCodeAsync("x", cancellationToken: Cancellation));
        Assert.StartsWith("The GitHub API at http://127.0.0.1:1/ cannot be reached", unreachable.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HealthIsDegradedNotDownWithoutATokenOrWithoutGitHub()
    {
        Assert.Equal(HealthStatus.Healthy, (await Health(FakeGitHub.Token, GitHub.BaseAddress)).Status);
        Assert.Equal(HealthStatus.Degraded, (await Health(null, GitHub.BaseAddress)).Status);
        Assert.Equal(HealthStatus.Degraded, (await Health(FakeGitHub.Token, new Uri("http://127.0.0.1:1/"))).Status);
    }

    private static JsonElement Parse(string json) => JsonDocument.Parse(json).RootElement;

    private RepositoryTools Repositories() => new(Api(FakeGitHub.Token));

    private IssueTools Issues() => new(Api(FakeGitHub.Token));

    private PullRequestTools PullRequests() => new(Api(FakeGitHub.Token));

    private GitHubApi Api(string? token, Uri? api = null) => new(_http, Options(token, api ?? GitHub.BaseAddress));

    private static IOptions<GitHubOptions> Options(string? token, Uri api) =>
        Microsoft.Extensions.Options.Options.Create(new GitHubOptions { Token = token, ApiBaseUrl = api });

    private static Task<HealthCheckResult> Health(string? token, Uri api) =>
        new GitHubHealthCheck(new SingleClientFactory(), Options(token, api), TimeProvider.System).CheckHealthAsync(new HealthCheckContext(), Cancellation);

    private sealed class SingleClientFactory : IHttpClientFactory
    {
        public HttpClient CreateClient(string name) => new();
    }
}
