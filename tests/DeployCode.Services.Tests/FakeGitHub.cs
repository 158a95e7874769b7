using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DeployCode.Services.Tests;

/// <summary>
/// A small local stand-in for the parts of the GitHub REST API the tests call (GitHub itself is out of reach here):
/// real HTTP on a loopback port, answers shaped like GitHub's, and a record of every request it got.
/// </summary>
internal sealed class FakeGitHub : IAsyncDisposable
{
    public const string Token = "ghp_test_token";

    private readonly WebApplication _app;

    private FakeGitHub(WebApplication app) => _app = app;

    public ConcurrentQueue<(string Method, string PathAndQuery, string? Authorization, string Body)> Requests { get; } = new();

    /// <summary>Whether pull request 3 is a draft; GitHub changes it only through GraphQL.</summary>
    public bool Draft { get; private set; }

    public Uri BaseAddress => new(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/");

    public static async Task<FakeGitHub> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fake = new FakeGitHub(app);
        app.Use(async (context, next) =>
        {
            context.Request.EnableBuffering();
            using (var reader = new StreamReader(context.Request.Body, leaveOpen: true))
            {
                fake.Requests.Enqueue((context.Request.Method, context.Request.Path + context.Request.QueryString, context.Request.Headers.Authorization.ToString(), await reader.ReadToEndAsync()));
            }

            context.Request.Body.Position = 0;
            if (context.Request.Headers.Authorization != $"Bearer {Token}")
            {
                context.Response.StatusCode = 401;
                await context.Response.WriteAsJsonAsync(new { message = "Bad credentials" });
                return;
            }

            await next(context);
        });
        app.MapGet("/rate_limit", () => Results.Json(new { rate = new { limit = 5000, remaining = 4999 } }));
        app.MapGet("/search/repositories", (string q) => Results.Json(new { total_count = 1, items = new[] { new { full_name = $"octo/{q}", stargazers_count = 5, node_id = "R_1" } } }));
        app.MapGet("/repos/octo/hello/contents/{**path}", (string path) => path switch
        {
            "README.md" => Results.Json(new { type = "file", name = "README.md", path, sha = "abc", encoding = "base64", content = Convert.ToBase64String(Encoding.UTF8.GetBytes("# Hello\n")) }),
            "latest" => Results.Json(new { type = "symlink", name = "latest", path, sha = "lnk", target = "v1" }),
            "docs" => Results.Json(new[] { new { type = "file", name = "a.md", path = "docs/a.md", size = 3, sha = "s1" } }),
            _ => Results.Json(new { message = "Not Found" }, statusCode: 404),
        });
        app.MapPut("/repos/octo/hello/contents/{**path}", (string path) => Results.Json(new { content = new { path }, commit = new { sha = "c1" } }, statusCode: 201));
        app.MapPost("/repos/octo/hello/issues", async (HttpContext context) =>
        {
            var body = await JsonSerializer.DeserializeAsync<JsonElement>(context.Request.Body);
            return Results.Json(new { number = 7, title = body.GetProperty("title").GetString(), state = "open" }, statusCode: 201);
        });
        app.MapGet("/repos/octo/hello/git/ref/heads/main", () => Results.Json(new { @ref = "refs/heads/main", @object = new { sha = "parent-sha" } }));
        app.MapPost("/repos/octo/hello/git/trees", () => Results.Json(new { sha = "tree-sha" }, statusCode: 201));
        app.MapPost("/repos/octo/hello/git/commits", () => Results.Json(new { sha = "commit-sha" }, statusCode: 201));
        app.MapPatch("/repos/octo/hello/git/refs/heads/main", () => Results.Json(new { @ref = "refs/heads/main", @object = new { sha = "commit-sha" } }));
        app.MapGet("/user", () => Results.Json(new { login = "octo", id = 1 }));
        app.MapGet("/repos/octo/hello/issues", (HttpContext context, int page) =>
        {
            // A page of the REST listing, which holds pull requests too; page 1 says in Link that page 2 follows.
            if (page == 1)
            {
                context.Response.Headers.Link = "<https://api.github.com/repositories/1/issues?page=2>; rel=\"next\"";
            }

            return Results.Json(new object[]
            {
                new { number = page * 10, title = "An issue", state = "open", body = "b" },
                new { number = page * 10 + 1, title = "A pull request", state = "open", pull_request = new { url = "u" } },
            });
        });
        app.MapPatch("/repos/octo/hello/issues/7", () => Results.Json(new { number = 7, state = "closed", node_id = "I_node7" }));
        app.MapGet("/repos/octo/hello/issues/{number:int}", (int number) => Results.Json(new { number, state = "open", node_id = $"I_node{number}" }));
        app.MapGet("/repos/octo/hello/pulls/3", (HttpContext context) => context.Request.Headers.Accept == "application/vnd.github.diff"
            ? Results.Text("diff --git a/a.txt b/a.txt\n", "text/plain")
            : Results.Json(new { number = 3, draft = fake.Draft, node_id = "PR_node3", head = new { sha = "head-sha" } }));
        app.MapPatch("/repos/octo/hello/pulls/3", () => Results.Json(new { number = 3, draft = fake.Draft, node_id = "PR_node3" }));
        app.MapPost("/graphql", async (HttpContext context) =>
        {
            var body = await JsonSerializer.DeserializeAsync<JsonElement>(context.Request.Body);
            fake.Draft = body.GetProperty("query").GetString()!.Contains("convertPullRequestToDraft", StringComparison.Ordinal);
            return Results.Json(new { data = new { done = new { pullRequest = new { isDraft = fake.Draft } } } });
        });
        app.MapGet("/repos/octo/hello/commits/abc", () => Results.Json(new
        {
            sha = "abc",
            stats = new { total = 2 },
            files = new[] { new { filename = "a.txt", additions = 1, deletions = 1, patch = "@@ -1 +1 @@" } },
        }));
        app.MapDelete("/repos/octo/hello/contents/{**path}", (string path) => Results.Json(new { content = (object?)null, commit = new { sha = "c2" } }));
        await app.StartAsync();
        return fake;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
