using System.ComponentModel;
using System.Data.Common;
using DeployCode.McpHosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace DeployCode.Services.Tests;

/// <summary>
/// What an MCP client reads when a tool fails: the platform's MCP server set-up over real streamable HTTP, with tools
/// that fail the ways a real one can.
/// </summary>
public sealed class ToolFailuresTests : IAsyncLifetime
{
    private WebApplication? _app;
    private McpClient? _client;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.AddPlatformMcpServer<FailingTools>("mcp-test");
        _app = builder.Build();
        // An operator calls: the tools change things, and what is tested is how their failures read.
        _app.Use((context, next) =>
        {
            context.User = new System.Security.Claims.ClaimsPrincipal(new System.Security.Claims.ClaimsIdentity(
                [new System.Security.Claims.Claim(System.Security.Claims.ClaimTypes.Role, "operator")], "test"));
            return next();
        });
        _app.MapPlatformMcp();
        await _app.StartAsync(Cancellation);
        var address = _app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        _client = await McpClient.CreateAsync(
            new HttpClientTransport(new HttpClientTransportOptions { Endpoint = new Uri($"{address}{PlatformMcpServerExtensions.Path}"), TransportMode = HttpTransportMode.StreamableHttp }),
            cancellationToken: Cancellation);
    }

    public async ValueTask DisposeAsync()
    {
        if (_client is not null)
        {
            await _client.DisposeAsync();
        }

        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }

    [Fact]
    public async Task ADatabaseFailureSaysItWasTheDatabaseAndWhereToLook()
    {
        var text = await FailingCallAsync("lose_database");

        Assert.Equal("lose_database failed in the database: connection refused (127.0.0.1:5432). If the database is down, mcp-test's /health says so; try again once it is healthy.", text);
    }

    [Fact]
    public async Task AnUnreachableServiceAndATimeoutAreNamedAsSuch()
    {
        Assert.StartsWith("call_service could not reach a service it needs: Connection refused (auth-service:8000).", await FailingCallAsync("call_service"), StringComparison.Ordinal);
        Assert.StartsWith("time_out did not finish in time:", await FailingCallAsync("time_out"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ABugIsReportedWithATraceIdButWithoutItsInternals()
    {
        var text = await FailingCallAsync("have_a_bug");

        Assert.Matches("^have_a_bug failed unexpectedly \\(InvalidOperationException\\); mcp-test's log has the details under trace id [0-9a-f]{32}\\.$", text);
        Assert.DoesNotContain("password", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AToolsOwnRefusalAndASuccessPassThroughUnchanged()
    {
        // The SDK's own form for a tool's refusal, which carries the tool's words.
        Assert.Equal("An error occurred invoking 'refuse': Give a name.", await FailingCallAsync("refuse"));
        var result = await _client!.CallToolAsync("succeed", cancellationToken: Cancellation);
        Assert.NotEqual(true, result.IsError);
        Assert.Equal("fine", Assert.IsType<TextContentBlock>(Assert.Single(result.Content)).Text);
    }

    private async Task<string> FailingCallAsync(string tool)
    {
        var result = await _client!.CallToolAsync(tool, cancellationToken: Cancellation);
        Assert.True(result.IsError);
        return Assert.IsType<TextContentBlock>(Assert.Single(result.Content)).Text;
    }

    private sealed class DatabaseFailure(string message) : DbException(message);

    [McpServerToolType]
    private sealed class FailingTools
    {
        [McpServerTool(Name = "lose_database"), Description("Fails as Npgsql does when PostgreSQL is down.")]
        public static string LoseDatabase() => throw new DatabaseFailure("connection refused (127.0.0.1:5432)");

        [McpServerTool(Name = "call_service"), Description("Fails as HttpClient does when a service is down.")]
        public static string CallService() => throw new HttpRequestException("Connection refused (auth-service:8000)");

        [McpServerTool(Name = "time_out"), Description("Gives up on its own deadline, not the caller's.")]
        public static async Task<string> TimeOutAsync()
        {
            using var deadline = new CancellationTokenSource(TimeSpan.FromMilliseconds(10));
            await Task.Delay(TimeSpan.FromSeconds(30), deadline.Token);
            return "never";
        }

        [McpServerTool(Name = "have_a_bug"), Description("Fails with internals the caller must not see.")]
        public static string HaveABug() => throw new InvalidOperationException("the password column is null");

        [McpServerTool(Name = "refuse"), Description("Refuses with its own words.")]
        public static string Refuse() => throw new McpException("Give a name.");

        [McpServerTool(Name = "succeed"), Description("Works.")]
        public static string Succeed() => "fine";
    }
}
