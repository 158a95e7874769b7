using System.Diagnostics;
using System.Text.Json;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using DeployCode.Orchestrator.Deployment;
using DeployCode.Orchestrator.Gating;
using DeployCode.Orchestrator.Model;
using DeployCode.Orchestrator.Recovery;
using DeployCode.Orchestrator.Telemetry;
using Microsoft.Extensions.DependencyInjection;

namespace DeployCode.AppHost.Tests;

/// <summary>The sample shop's AppHost (tests/DeployCode.Sample.AppHost) started through DCP in process mode.</summary>
public sealed class SampleAppHostFixture : IAsyncLifetime
{
    private readonly StateFolder _state = new();
    private readonly ResourceEventLog _events = new();
    private readonly OrchestratorSpans _spans = new();
    private DistributedApplication? _app;

    /// <summary>The root spans of the shop's operations (other platforms in this process trace under their own names).</summary>
    public IReadOnlyList<Activity> Operations => [.. _spans.Finished.Where(span => span.Parent is null && span.DisplayName.EndsWith(" Shop", StringComparison.Ordinal))];

    public DistributedApplication App => _app ?? throw new InvalidOperationException("The sample did not start.");

    public string StateDirectory => _state.Path;

    internal ResourceEventLog Events => _events;

    public async ValueTask InitializeAsync()
    {
        using var timeout = new CancellationTokenSource(PlatformLauncher.StartTimeout);
        string[] args =
        [
            "DeployCode:Runtime=process", $"DeployCode:StateDirectory={StateDirectory}",
            "DeployCode:Recovery:BackoffBaseMilliseconds=200", "DeployCode:Recovery:HealthyWithinSeconds=8",
            // Its own part of the port range: platforms of earlier test classes may still hold ports at its start.
            "DeployCode:Ports:RangeStart=22000", "DeployCode:Ports:RangeEnd=22999",
        ];
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.DeployCode_Sample_AppHost>(args, timeout.Token);
        _app = await builder.BuildAsync(timeout.Token);
        _events.Follow(_app.Services.GetRequiredService<ResourceNotificationService>(), _app.Services.GetRequiredService<ResourceLoggerService>(), StateDirectory);
        await _app.StartAsync(timeout.Token).WaitAsync(PlatformLauncher.StartTimeout, timeout.Token);
        await _app.ResourceNotifications.WaitForResourceAsync("deploy-code", e => e.Snapshot.State?.Text?.StartsWith(DeploymentStates.Running, StringComparison.Ordinal) == true, timeout.Token)
            .WaitAsync(PlatformLauncher.StartTimeout, timeout.Token);
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }

        _spans.Dispose();
        _events.Dispose();
        _state.Dispose();
    }
}

/// <summary>
/// An application that is not the CODE platform, deployed by the same library: its plan comes from its waits, its
/// budget from WithBudget (one component held), the gate releases each service when what it waits for is healthy,
/// what it asks verification to check is checked, and a killed service is brought back.
/// </summary>
[Collection(PlatformTestGroup.Name)]
public sealed partial class SampleAppHostFunctionalTests(SampleAppHostFixture sample) : IClassFixture<SampleAppHostFixture>
{
    [Fact]
    public async Task ItsPlanIsTheShopsWaitsInPhases()
    {
        var plan = await File.ReadAllTextAsync(Path.Combine(sample.StateDirectory, "deploy-code", "deployment-plan.json"), TestContext.Current.CancellationToken);
        using var document = JsonDocument.Parse(plan);

        var phases = document.RootElement.GetProperty("phases").EnumerateArray()
            .Select(phase => phase.GetProperty("components").EnumerateArray().Select(name => name.GetString()).ToArray()).ToArray();
        Assert.Equal([["catalog"], ["orders"], ["reports"]], phases);
    }

    [Fact]
    public async Task WhatDoesNotFitIsHeldWithItsReasonAndTheRestRuns()
    {
        ResourceEvent reports;
        try
        {
            reports = await sample.App.ResourceNotifications.WaitForResourceAsync("reports", e => e.Snapshot.State?.Text == DeploymentStates.Held, TestContext.Current.CancellationToken)
                .WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        }
        catch (TimeoutException)
        {
            sample.App.ResourceNotifications.TryGetCurrentState("reports", out var now);
            throw new Xunit.Sdk.XunitException($"reports never showed {DeploymentStates.Held}: it is {now?.Snapshot.State?.Text}, after {string.Join(" → ", sample.Events.Changes.Where(change => change.Resource == "reports").Select(change => change.State))}");
        }
        var registry = sample.App.Services.GetRequiredService<PlatformRegistry>();

        var reason = reports.Snapshot.Properties.Single(property => property.Name == OrchestratorProperties.HeldReason).Value?.ToString();
        Assert.Contains("CPU", reason, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("Held", registry.Find("reports")?.Allocation?.Status);
        Assert.Equal("Allocated", registry.Find("catalog")?.Allocation?.Status);
        Assert.Equal(0.2, registry.Find("orders")?.Allocation?.Cpu);
        var orchestrator = await sample.App.ResourceNotifications.WaitForResourceAsync("deploy-code", e => e.Snapshot.State?.Text?.StartsWith(DeploymentStates.Running, StringComparison.Ordinal) == true, TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        Assert.Equal("Running, 1 held", orchestrator.Snapshot.State?.Text);
    }

    [Fact]
    public void TheGateReleasedOrdersOnceTheCatalogWasHealthy()
    {
        var gate = sample.App.Services.GetRequiredService<HealthGate>();

        var orders = Assert.Single(gate.Records, record => record.ResourceName == "orders");
        Assert.Equal(["catalog"], orders.Dependencies);
        Assert.True(orders.Released >= orders.DependenciesReady, "released before the catalog was healthy");
    }

    [Fact]
    public async Task TheChecksItsAppHostAsksForAreMadeAndPass()
    {
        var orchestrator = await sample.App.ResourceNotifications.WaitForResourceAsync("deploy-code", e => e.Snapshot.State?.Text?.StartsWith(DeploymentStates.Running, StringComparison.Ordinal) == true, TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);

        // catalog: /health, /alive, /; orders: /health, /orders (through the catalog); reports is held, so not checked.
        Assert.Equal("5 checks passed", orchestrator.Snapshot.Properties.Single(property => property.Name == OrchestratorProperties.Verification).Value?.ToString());
    }

    [Fact]
    public async Task AChangeThatBreaksOffEndsFailedWithItsCauseAndTheNextOneRuns()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var engine = sample.App.Services.GetRequiredService<DeploymentEngine>();
        var knownGood = Path.Combine(sample.StateDirectory, "deploy-code", KnownGoodConfiguration.FileName);
        var saved = await File.ReadAllTextAsync(knownGood, cancellationToken);

        // A state file left half-written: Roll back cannot read what to return to.
        await File.WriteAllTextAsync(knownGood, "{ \"DeployedAt\": ", cancellationToken);
        UpdateRecord broken;
        try
        {
            broken = await engine.RollBackAsync(cancellationToken).WaitAsync(TimeSpan.FromSeconds(60), cancellationToken);
        }
        finally
        {
            await File.WriteAllTextAsync(knownGood, saved, cancellationToken);
        }

        sample.App.ResourceNotifications.TryGetCurrentState("deploy-code", out var shown);
        Assert.Equal("failed", broken.Kind);
        Assert.StartsWith("Roll back failed: JsonException", broken.Detail, StringComparison.Ordinal);
        Assert.Contains("Redeploy brings every one up under the settings file, Roll back under the known-good configuration", broken.Detail, StringComparison.Ordinal);
        Assert.Equal(DeploymentStates.Failed, shown?.Snapshot.State?.Text);
        Assert.Equal(broken.Detail, shown?.Snapshot.Properties.Single(property => property.Name == OrchestratorProperties.FailureReason).Value?.ToString());

        var redeployed = await engine.RedeployAsync(cancellationToken).WaitAsync(TimeSpan.FromSeconds(120), cancellationToken);
        Assert.True(redeployed.Succeeded, redeployed.Detail);
        await sample.App.ResourceNotifications.WaitForResourceAsync("deploy-code", e => e.Snapshot.State?.Text == "Running, 1 held", cancellationToken)
            .WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);

        // The first deployment, the broken Roll back and the Redeploy are operations of one engine: each in its history, each its own trace.
        var history = engine.History;
        Assert.Equal(UpdateKinds.Deployed, history[0].Kind);
        var failedAt = history.ToList().IndexOf(broken);
        Assert.True(failedAt > 0 && history.Skip(failedAt + 1).Contains(redeployed), string.Join("; ", history.Select(record => record.Kind)));
        var story = string.Join("; ", sample.Operations.Select(span => $"{span.DisplayName} {span.GetTagItem("deploycode.record")} {span.GetTagItem("deploycode.outcome")} {span.Status}"));
        var deployed = Assert.Single(sample.Operations, span => span.DisplayName == "deploy Shop");
        Assert.Equal(UpdateKinds.Deployed, deployed.GetTagItem("deploycode.record"));
        Assert.Equal("Running, 1 held", deployed.GetTagItem("deploycode.outcome"));
        var rollBack = sample.Operations.Last(span => span.DisplayName == "roll back Shop");
        Assert.True(rollBack.Status == ActivityStatusCode.Error && rollBack.StatusDescription == broken.Detail, story);
        Assert.Equal(UpdateKinds.Failed, rollBack.GetTagItem("deploycode.record"));
        Assert.Contains(sample.Operations, span => span.DisplayName == "redeploy Shop" && Equals(span.GetTagItem("deploycode.record"), UpdateKinds.Redeployed) && span.StartTimeUtc > rollBack.StartTimeUtc);
    }

    [Fact]
    public async Task AKilledServiceIsRestartedAndHealthyAgain()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var supervisor = sample.App.Services.GetRequiredService<ServiceSupervisor>();
        var registry = sample.App.Services.GetRequiredService<PlatformRegistry>();
        var before = registry.Find("catalog")?.ProcessId ?? throw new Xunit.Sdk.XunitException("catalog has no process");

        var killed = DateTimeOffset.UtcNow;
        Process.GetProcessById(before).Kill();
        var recovered = await supervisor.WhenRecordedAsync("catalog", "recovered", killed, TimeSpan.FromSeconds(60));
        await sample.App.ResourceNotifications.WaitForResourceHealthyAsync("catalog", cancellationToken).WaitAsync(TimeSpan.FromSeconds(60), cancellationToken);

        Assert.Equal("healthy after restart 1", recovered.Detail);
        Assert.NotEqual(before, registry.Find("catalog")?.ProcessId);
    }
}
