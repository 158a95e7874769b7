using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using DeployCode.Orchestrator.Health;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using DeployCode.Orchestrator.Model;

namespace DeployCode.Orchestrator.Tests;

/// <summary>
/// The verification an AppHost asks for on its model, made of components that are not the CODE platform: a small
/// HTTP server of the test's own stands for a shop's two services, one of them its entry point.
/// </summary>
public sealed class DeploymentVerifierTests : IAsyncLifetime
{
    private const string Password = "right-password";
    private WebApplication? _server;
    private int _port;

    public async ValueTask InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.AddRoutingCore();
        _server = builder.Build();
        _server.MapGet("/ready", () => Results.Ok());
        _server.MapGet("/orders", (HttpContext context) => context.Request.Headers.Authorization == "Bearer shop-token" ? Results.Ok() : Results.Unauthorized());
        _server.MapPost("/login", async (HttpContext context) =>
        {
            var body = await context.Request.ReadFromJsonAsync<Dictionary<string, string>>();
            return body?["username"] == PlatformVerifierBuilderExtensions.AccountName && body["password"] == Password
                ? Results.Json(new { access_token = "shop-token" })
                : Results.Unauthorized();
        });
        await _server.StartAsync(TestContext.Current.CancellationToken);
        _port = new Uri(_server.Urls.Single()).Port;
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    [Fact]
    public async Task EveryCheckTheModelAsksForIsMadeAndNamedAfterItsComponent()
    {
        var (front, orders) = Shop();

        var result = await DeploymentVerifier.VerifyAsync([front, orders], Account(Password), TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

        Assert.Empty(result.Failed);
        Assert.Equal(
            [
                "front /ready", "orders /ready", "orders refuses a request without a token",
                "deploy-code signs in through front (POST /login)", "orders lists the orders through front (GET /orders)",
            ],
            result.Passed);
        Assert.Null(result.Skipped);
    }

    [Fact]
    public async Task AComponentThatDoesNotRunIsNotChecked()
    {
        var (front, _) = Shop();

        var result = await DeploymentVerifier.VerifyAsync([front], Account(Password), TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

        Assert.Equal(["front /ready"], result.Passed);
    }

    [Fact]
    public async Task AWrongPasswordFailsSigningInAndSaysTheSignedInChecksWereNotRun()
    {
        var (front, orders) = Shop();

        var result = await DeploymentVerifier.VerifyAsync([front, orders], Account("wrong"), TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

        var failure = Assert.Single(result.Failed);
        Assert.StartsWith("deploy-code signs in through front (POST /login): answered 401", failure, StringComparison.Ordinal);
        Assert.Contains("not run", failure, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithoutAnAccountOrAnEntryPointTheSignedInChecksAreSkippedSayingWhy()
    {
        var (front, orders) = Shop();
        front.Annotations.Remove(front.Annotations.OfType<PlatformEntryPointAnnotation>().Single());

        var withoutAccount = await DeploymentVerifier.VerifyAsync([orders], null, TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        var withoutEntry = await DeploymentVerifier.VerifyAsync([front, orders], Account(Password), TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

        Assert.Contains("WithDeploymentVerifierAccount", withoutAccount.Skipped, StringComparison.Ordinal);
        Assert.Contains("AsVerificationEntryPoint", withoutEntry.Skipped, StringComparison.Ordinal);
        Assert.Empty(withoutEntry.Failed);
    }

    [Fact]
    public async Task AnOwnCheckThatAnswersOtherwiseFailsWithWhatItGot()
    {
        var (_, orders) = Shop();
        orders.Annotations.Add(new PlatformCheckAnnotation(PlatformCheckKind.Answers, "/missing"));

        var result = await DeploymentVerifier.VerifyAsync([orders], null, TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

        Assert.Equal(["orders /missing: GET /missing answered 404, not 200"], result.Failed);
    }

    [Fact]
    public async Task AServiceIsCheckedThroughTheEntryPointOnceWhateverItsReplicasAndTheEntryPointsOwnChecksComeFirst()
    {
        var (front, orders) = Shop();
        front.Annotations.Add(new PlatformCheckAnnotation(PlatformCheckKind.AnswersSignedIn, "/orders", "shows the orders"));
        var replica = Component("orders-2",
            new PlatformReplicaAnnotation("orders"),
            new PlatformCheckAnnotation(PlatformCheckKind.Answers, "/ready"),
            new PlatformCheckAnnotation(PlatformCheckKind.AnswersSignedIn, "/orders", "lists the orders"));

        var result = await DeploymentVerifier.VerifyAsync([orders, replica, front], Account(Password), TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

        Assert.Empty(result.Failed);
        Assert.Equal(
            [
                "deploy-code signs in through front (POST /login)", "front shows the orders (GET /orders)", "orders lists the orders through front (GET /orders)",
            ],
            result.Passed.Where(check => check.Contains('(', StringComparison.Ordinal)));
        Assert.Contains("orders-2 /ready", result.Passed);
    }

    [Fact]
    public async Task AComponentWithChecksButNoPlatformPortFailsSayingSoInsteadOfThrowing()
    {
        var portless = new ContainerResource("cache");
        portless.Annotations.Add(new PlatformCheckAnnotation(PlatformCheckKind.Answers, "/health"));

        var result = await DeploymentVerifier.VerifyAsync([portless], null, TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

        var failure = Assert.Single(result.Failed);
        Assert.StartsWith("cache has checks but no platform port", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void OnlyOneComponentMayBeTheEntryPointAndAPathStartsWithASlash()
    {
        var builder = DistributedApplication.CreateBuilder(["--operation", "publish"]);
        builder.AddContainer("front", "front-image").AsVerificationEntryPoint();

        var second = Assert.Throws<InvalidOperationException>(() => builder.AddContainer("back", "back-image").AsVerificationEntryPoint());
        var path = Assert.Throws<ArgumentException>(() => builder.AddContainer("api", "api-image").WithVerifiedPaths("health"));

        Assert.Contains("front is already", second.Message, StringComparison.Ordinal);
        Assert.Equal("paths", path.ParamName);
    }

    private (ContainerResource Front, ContainerResource Orders) Shop()
    {
        var front = Component("front", new PlatformEntryPointAnnotation(), new PlatformCheckAnnotation(PlatformCheckKind.Answers, "/ready"));
        var orders = Component("orders",
            new PlatformCheckAnnotation(PlatformCheckKind.Answers, "/ready"),
            new PlatformCheckAnnotation(PlatformCheckKind.RefusesWithoutToken, "/orders"),
            new PlatformCheckAnnotation(PlatformCheckKind.AnswersSignedIn, "/orders", "lists the orders"));
        return (front, orders);
    }

    private ContainerResource Component(string name, params IResourceAnnotation[] annotations)
    {
        var resource = new ContainerResource(name);
        resource.Annotations.Add(new PlatformPortAnnotation(_port, _port, [_port]));
        foreach (var annotation in annotations)
        {
            resource.Annotations.Add(annotation);
        }

        return resource;
    }

    private static VerifierAccountAnnotation Account(string password) =>
        new(new ParameterResource("verifier-password", _ => password, secret: true), "/login");
}
