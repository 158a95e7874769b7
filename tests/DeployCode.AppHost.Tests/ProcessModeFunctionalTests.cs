using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace DeployCode.AppHost.Tests;

[Collection(PlatformTestGroup.Name)]
public sealed class ProcessModeFunctionalTests(ProcessModePlatformFixture platform) : IClassFixture<ProcessModePlatformFixture>
{
    private static readonly string[] s_platformResources =
    [
        "postgresql", "redis", "auth-service", "mcp-filesystem", "mcp-github", "mcp-memory", "mcp-bashgod",
        "circle-of-experts", "api-gateway", "prometheus",
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
    public void NoServiceStartsBeforeWhatItWaitsForIsHealthy()
    {
        var model = platform.App.Services.GetRequiredService<DistributedApplicationModel>();
        foreach (var dependent in PlatformLauncher.StartedHere(model))
        {
            // "Starting" is shown while a resource still waits; the process exists once DCP reports its start time.
            var started = platform.Events.First(dependent.Name, change => change.StartedAt is not null);
            Assert.NotNull(started);
            foreach (var wait in dependent.Annotations.OfType<WaitAnnotation>())
            {
                var ready = platform.Events.First(wait.Resource.Name, change => change.Health == HealthStatus.Healthy);
                Assert.True(ready is not null && ready.Sequence < started.Sequence,
                    $"{dependent.Name} started (#{started.Sequence}) before {wait.Resource.Name} was healthy (#{ready?.Sequence})");
            }
        }
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
