using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using DeployCode.Orchestrator;
using Microsoft.Extensions.DependencyInjection;
using DeployCode.Orchestrator.Model;

namespace DeployCode.AppHost.Tests;

/// <summary>A component over budget, through DCP: held with its shortfall, with what waits on it, while the rest comes up.</summary>
[Collection(PlatformTestGroup.Name)]
public sealed class BudgetFunctionalTests : IDisposable
{
    private readonly StateFolder _state = new();

    public void Dispose() => _state.Dispose();

    [Fact]
    public async Task AnOverBudgetServiceAndItsDependentsAreHeldWhileTheRestRuns()
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(PlatformLauncher.StartTimeout);
        using var events = new ResourceEventLog();
        var app = await PlatformLauncher.BuildAsync(_state.Path, PlatformLauncher.NewSecrets(), events, timeout.Token, "DeployCode:Services:circle-of-experts:Cpu=64");
        await using (app)
        {
            await PlatformLauncher.StartAsync(app, timeout.Token);

            var experts = await app.ResourceNotifications.WaitForResourceAsync("circle-of-experts", e => e.Snapshot.State?.Text == DeploymentStates.Held, timeout.Token);
            var reason = experts.Snapshot.Properties.Single(property => property.Name == OrchestratorProperties.HeldReason).Value as string;
            Assert.Matches(@"^circle-of-experts needs 64 CPU, [0-9.]+ free$", reason);

            var gateway = await app.ResourceNotifications.WaitForResourceAsync("api-gateway", e => e.Snapshot.State?.Text == DeploymentStates.Held, timeout.Token);
            Assert.Equal("api-gateway waits for circle-of-experts, which is held", gateway.Snapshot.Properties.Single(property => property.Name == OrchestratorProperties.HeldReason).Value);

            var orchestrator = await app.ResourceNotifications.WaitForResourceAsync("deploy-code", e => e.Snapshot.State?.Text == "Running, 2 held", timeout.Token);
            Assert.NotNull(orchestrator);

            var model = app.Services.GetRequiredService<DistributedApplicationModel>();
            Assert.Equal(9, PlatformLauncher.StartedHere(model).Count());
            Assert.Null(events.First("circle-of-experts", change => change.StartedAt is not null));
            Assert.Null(events.First("api-gateway", change => change.StartedAt is not null));
        }
    }
}
