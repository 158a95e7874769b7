using System.Text.Json;
using DeployCode.McpGithub;
using DeployCode.McpGithub.GitHub;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using ModelContextProtocol;

namespace DeployCode.Services.Tests;

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
        var tools = Tools(FakeGitHub.Token);

        var found = JsonDocument.Parse(await tools.SearchRepositoriesAsync("hello world", perPage: 5, cancellationToken: Cancellation)).RootElement;
        Assert.Equal("octo/hello world", found.GetProperty("items")[0].GetProperty("full_name").GetString());
        var issue = JsonDocument.Parse(await tools.CreateIssueAsync("octo", "hello", "It broke", "details", cancellationToken: Cancellation)).RootElement;
        Assert.Equal(7, issue.GetProperty("number").GetInt32());

        Assert.Contains(GitHub.Requests, request => request.PathAndQuery == "/search/repositories?q=hello%20world&per_page=5");
        Assert.All(GitHub.Requests, request => Assert.Equal($"Bearer {FakeGitHub.Token}", request.Authorization));
    }

    [Fact]
    public async Task FileContentsComeBackDecodedAndWritesGoBase64Encoded()
    {
        var tools = Tools(FakeGitHub.Token);

        var file = JsonDocument.Parse(await tools.GetFileContentsAsync("octo", "hello", "README.md", cancellationToken: Cancellation)).RootElement;
        Assert.Equal("# Hello\n", file.GetProperty("content").GetString());

        await tools.CreateOrUpdateFileAsync("octo", "hello", "docs/a.md", "text", "add a", "main", cancellationToken: Cancellation);
        var put = GitHub.Requests.Single(request => request.Method == "PUT");
        Assert.Equal("/repos/octo/hello/contents/docs/a.md", put.PathAndQuery);
        Assert.Equal("dGV4dA==", JsonDocument.Parse(put.Body).RootElement.GetProperty("content").GetString());
    }

    [Fact]
    public async Task PushingFilesMakesOneCommitOnTopOfTheBranch()
    {
        var result = JsonDocument.Parse(await Tools(FakeGitHub.Token).PushFilesAsync("octo", "hello", "main",
            [new FileToPush("a.txt", "A"), new FileToPush("b/c.txt", "C")], "two files", Cancellation)).RootElement;

        Assert.Equal("commit-sha", result.GetProperty("object").GetProperty("sha").GetString());
        var commit = JsonDocument.Parse(GitHub.Requests.Single(request => request.PathAndQuery.EndsWith("/git/commits", StringComparison.Ordinal)).Body).RootElement;
        Assert.Equal("tree-sha", commit.GetProperty("tree").GetString());
        Assert.Equal(["parent-sha"], commit.GetProperty("parents").EnumerateArray().Select(parent => parent.GetString()));
    }

    [Fact]
    public async Task GitHubsRefusalsNoTokenAndNoNetworkAreClearToolErrors()
    {
        var missing = await Assert.ThrowsAsync<McpException>(() => Tools(FakeGitHub.Token).GetFileContentsAsync("octo", "hello", "absent.md", cancellationToken: Cancellation));
        Assert.Equal("GitHub answered 404 to GET repos/octo/hello/contents/absent.md: Not Found", missing.Message);

        var badToken = await Assert.ThrowsAsync<McpException>(() => Tools("wrong").ListCommitsAsync("octo", "hello", cancellationToken: Cancellation));
        Assert.Contains("401", badToken.Message, StringComparison.Ordinal);
        Assert.Contains("Bad credentials", badToken.Message, StringComparison.Ordinal);

        var noToken = await Assert.ThrowsAsync<McpException>(() => Tools(null).SearchUsersAsync("octo", cancellationToken: Cancellation));
        Assert.Contains("github-token", noToken.Message, StringComparison.Ordinal);

        var unreachable = await Assert.ThrowsAsync<McpException>(() => Tools(FakeGitHub.Token, new Uri("http://127.0.0.1:1/")).SearchCodeAsync("x", cancellationToken: Cancellation));
        Assert.StartsWith("The GitHub API at http://127.0.0.1:1/ cannot be reached", unreachable.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HealthIsDegradedNotDownWithoutATokenOrWithoutGitHub()
    {
        Assert.Equal(HealthStatus.Healthy, (await Health(FakeGitHub.Token, GitHub.BaseAddress)).Status);
        Assert.Equal(HealthStatus.Degraded, (await Health(null, GitHub.BaseAddress)).Status);
        Assert.Equal(HealthStatus.Degraded, (await Health(FakeGitHub.Token, new Uri("http://127.0.0.1:1/"))).Status);
    }

    private GitHubTools Tools(string? token, Uri? api = null) => new(new GitHubApi(_http, Options(token, api ?? GitHub.BaseAddress)));

    private static IOptions<GitHubOptions> Options(string? token, Uri api) =>
        Microsoft.Extensions.Options.Options.Create(new GitHubOptions { Token = token, ApiBaseUrl = api });

    private static Task<HealthCheckResult> Health(string? token, Uri api) =>
        new GitHubHealthCheck(new SingleClientFactory(), Options(token, api), TimeProvider.System).CheckHealthAsync(new HealthCheckContext(), Cancellation);

    private sealed class SingleClientFactory : IHttpClientFactory
    {
        public HttpClient CreateClient(string name) => new();
    }
}
