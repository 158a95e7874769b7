using DeployCode.Orchestrator.Telemetry;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace DeployCode.Orchestrator.Tests;

public sealed class PlatformRegistryTests
{
    private static readonly RegistryEntry s_entry = new() { Name = "auth-service", Type = "Project", Phase = 2 };

    [Fact]
    public void ARunningProcessWithHealthReportsIsShownWithItsPidHealthAndUrls()
    {
        var entry = PlatformRegistry.Apply(s_entry, "Running", 41, HealthStatus.Healthy, ["http://localhost:8000", "http://localhost:8000"]);

        Assert.Equal("Running", entry.State);
        Assert.Equal("Healthy", entry.Health);
        Assert.Equal(41, entry.ProcessId);
        Assert.Equal(["http://localhost:8000"], entry.Endpoints);
        Assert.Equal(0, entry.Restarts);
    }

    [Fact]
    public void ANewProcessAfterTheFirstCountsAsARestart()
    {
        var entry = PlatformRegistry.Apply(s_entry, "Running", 41, HealthStatus.Healthy, null);
        entry = PlatformRegistry.Apply(entry, "Starting", null, null, null);
        entry = PlatformRegistry.Apply(entry, "Running", 57, HealthStatus.Unhealthy, null);
        entry = PlatformRegistry.Apply(entry, "Running", 57, HealthStatus.Healthy, null);

        Assert.Equal(1, entry.Restarts);
        Assert.Equal(57, entry.ProcessId);
        Assert.Equal("Healthy", entry.Health);
    }

    [Fact]
    public void AStoppedComponentHasNoHealth()
    {
        var entry = PlatformRegistry.Apply(s_entry, "Running", 41, HealthStatus.Healthy, null);
        entry = PlatformRegistry.Apply(entry, "Exited", 41, null, null);

        Assert.Equal("Exited", entry.State);
        Assert.Null(entry.Health);
    }

    [Fact]
    public void TheProcessIdAndUrlsComeFromDcpsSnapshot()
    {
        var snapshot = new Aspire.Hosting.ApplicationModel.CustomResourceSnapshot
        {
            ResourceType = "Executable",
            State = "Running",
            Properties = [new(PlatformRegistry.ProcessIdProperty, 4242)],
            Urls = [new Aspire.Hosting.ApplicationModel.UrlSnapshot("tcp", "tcp://localhost:6379", IsInternal: false)],
        };

        var entry = PlatformRegistry.Apply(s_entry, snapshot);

        Assert.Equal(4242, entry.ProcessId);
        Assert.Equal(["tcp://localhost:6379"], entry.Endpoints);
        Assert.Null(entry.Health);
    }
}
