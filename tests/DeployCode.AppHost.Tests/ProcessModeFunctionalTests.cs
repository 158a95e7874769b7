using System.Diagnostics;
using System.Text.Json;
using DeployCode.Orchestrator.Gating;
using Aspire.Hosting;
using Aspire.Hosting.Testing;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace DeployCode.AppHost.Tests;

[Collection(PlatformTestGroup.Name)]
public sealed partial class ProcessModeFunctionalTests(ProcessModePlatformFixture platform) : IClassFixture<ProcessModePlatformFixture>
{
    private static readonly string[] s_platformResources =
    [
        "postgresql", "redis", "auth-service", "mcp-filesystem", "mcp-github", "mcp-memory", "mcp-bashgod",
        "circle-of-experts", "api-gateway", "prometheus", "alertmanager",
    ];

    [Fact]
    public void EveryComponentThatRunsHereIsHealthy()
    {
        foreach (var name in s_platformResources)
        {
            var healthy = platform.Events.First(name, change => change.Health == HealthStatus.Healthy);
            Assert.True(healthy is not null, $"{name} never became healthy:{Environment.NewLine}{platform.Events.Tail(name)}");
        }
    }

    [Fact]
    public void NoServiceStartsBeforeWhatItWaitsForPassesItsHealthChecks()
    {
        var model = platform.App.Services.GetRequiredService<DistributedApplicationModel>();
        var released = platform.App.Services.GetRequiredService<HealthGate>().Records.ToDictionary(record => record.ResourceName);
        foreach (var dependent in PlatformLauncher.StartedHere(model).Where(resource => resource.Annotations.OfType<WaitAnnotation>().Any()))
        {
            // The process exists once DCP reports its start time.
            var started = platform.Events.First(dependent.Name, change => change.StartedAt is not null);
            Assert.NotNull(started);
            if (released.TryGetValue(dependent.Name, out var record))
            {
                // Let through by the gate: only after its probes saw every dependency pass its health checks.
                Assert.True(record.DependenciesReady <= record.Released && record.Released <= started.Timestamp,
                    $"{dependent.Name} started {Stopwatch.GetElapsedTime(started.Timestamp, record.DependenciesReady).TotalMilliseconds:0} ms before its dependencies were healthy");
                continue;
            }

            // Let through by Aspire's own wait (it saw them healthy first): after Aspire reported each healthy.
            foreach (var wait in dependent.Annotations.OfType<WaitAnnotation>())
            {
                var ready = platform.Events.First(wait.Resource.Name, change => change.Health == HealthStatus.Healthy);
                Assert.True(ready is not null && ready.Sequence < started.Sequence,
                    $"{dependent.Name} started (#{started.Sequence}) before {wait.Resource.Name} was healthy (#{ready?.Sequence})");
            }
        }
    }

    [Fact]
    public async Task TheOrchestratorGoesThroughEveryStepAndVerifiesBeforeRunning()
    {
        var running = await platform.App.ResourceNotifications
            .WaitForResourceAsync("deploy-code", e => e.Snapshot.State?.Text == "Running", TestContext.Current.CancellationToken)
            .WaitAsync(TimeSpan.FromMinutes(1), TestContext.Current.CancellationToken);

        // What happens once it runs (a recovery under load, another test's change) is not the deployment's.
        var states = platform.Events.Changes.Where(change => change.Resource == "deploy-code").Select(change => change.State).Distinct().ToArray();
        var deployment = states.SkipWhile(state => state != "Validating").TakeWhile(state => state != "Running").Append("Running");
        string[] expected = ["Validating", "Allocating", "Networking", "Deploying", "Deploying phase 1/5", "Deploying phase 2/5", "Deploying phase 3/5", "Deploying phase 4/5", "Deploying phase 5/5", "Verifying", "Running"];
        Assert.True(expected.SequenceEqual(deployment), $"deploy-code went through {string.Join(" → ", states)}");
        var verification = (string)running.Snapshot.Properties.Single(property => property.Name == "deploycode.verification").Value!;
        Assert.Equal("29 checks passed", verification);
    }

    [Fact]
    public async Task PrometheusScrapesTheOrchestratorAndEveryServicesMetrics()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        using var client = platform.App.CreateHttpClient("prometheus");
        var services = new[] { "deploy-code", "auth-service", "mcp-filesystem", "mcp-github", "mcp-memory", "mcp-bashgod", "circle-of-experts", "api-gateway" };

        // The fixture scrapes every 2 s (15 s by default): poll Prometheus's query API until each job's `up` is 1.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        string[] down;
        do
        {
            using var answer = JsonDocument.Parse(await client.GetStringAsync(new Uri("/api/v1/query?query=up", UriKind.Relative), cancellationToken));
            var up = answer.RootElement.GetProperty("data").GetProperty("result").EnumerateArray()
                .Where(series => series.GetProperty("value")[1].GetString() == "1")
                .Select(series => series.GetProperty("metric").GetProperty("job").GetString())
                .ToHashSet();
            down = [.. services.Where(service => !up.Contains(service))];
            if (down.Length > 0)
            {
                await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
            }
        }
        while (down.Length > 0 && DateTime.UtcNow < deadline);

        Assert.True(down.Length == 0, $"Not scraped: {string.Join(", ", down)}");
    }

    [Fact]
    public async Task GrafanaAndJaegerAreShownAsNotAvailableWithTheReason()
    {
        var model = platform.App.Services.GetRequiredService<DistributedApplicationModel>();
        foreach (var name in new[] { "grafana", "jaeger" })
        {
            var resource = Assert.IsType<UnavailableResource>(model.Resources.Single(r => r.Name == name));
            Assert.Contains("container mode", resource.Reason, StringComparison.Ordinal);
            var state = await platform.App.ResourceNotifications
                .WaitForResourceAsync(name, e => e.Snapshot.State?.Text == UnavailableResource.State, TestContext.Current.CancellationToken)
                .WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
            Assert.Contains(state.Snapshot.Properties, property => property.Name == "deploycode.unavailable.reason" && Equals(property.Value, resource.Reason));
        }
    }
}
