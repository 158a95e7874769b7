using System.Diagnostics;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using DeployCode.Orchestrator.Recovery;
using Microsoft.Extensions.DependencyInjection;

namespace DeployCode.AppHost.Tests;

/// <summary>A platform whose recovery acts fast enough for a test: checks every second, short back-off.</summary>
public sealed class RecoveryPlatformFixture : ProcessModePlatformFixture
{
    protected override IEnumerable<string> Settings =>
        ["DeployCode:Recovery:BackoffBaseMilliseconds=200", "DeployCode:Recovery:HealthyWithinSeconds=8", "DeployCode:Recovery:BreakSeconds=5"];
}

/// <summary>Faults injected into the real platform: a killed process, a service that keeps failing its health check.</summary>
[Collection(PlatformTestGroup.Name)]
public sealed class RecoveryFunctionalTests(RecoveryPlatformFixture platform) : IClassFixture<RecoveryPlatformFixture>
{
    private ServiceSupervisor Supervisor => platform.App.Services.GetRequiredService<ServiceSupervisor>();

    [Fact]
    public async Task AKilledServiceIsDetectedRestartedAndHealthyAgain()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await WhenDeployedAsync();
        var before = Pid("mcp-github");
        // Aspire runs a project through `dotnet run`: the service is the process under it.
        var server = LocalProcesses.WithDescendants([before]).Single(pid => pid != before && Process.GetProcessById(pid).ProcessName.StartsWith("DeployCode", StringComparison.Ordinal));

        var killed = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        Process.GetProcessById(server).Kill();
        var recovered = await WaitForEventAsync("mcp-github", "recovered", TimeSpan.FromSeconds(60));
        await platform.App.ResourceNotifications.WaitForResourceHealthyAsync("mcp-github", cancellationToken).WaitAsync(TimeSpan.FromSeconds(60), cancellationToken);

        // The exit itself, or a failed health check just before DCP reported it, whichever came first.
        var detected = Supervisor.Events.First(e => e.Service == "mcp-github" && e.Kind == "detected" && e.At >= killed);
        Assert.Contains(Supervisor.Events, e => e.Service == "mcp-github" && e.Kind == "detected" && e.Detail.Contains("exited", StringComparison.Ordinal));
        Assert.True(detected.At - killed < TimeSpan.FromSeconds(2), $"detected {(detected.At - killed).TotalMilliseconds:0} ms after the kill");
        Assert.NotEqual(before, Pid("mcp-github"));
        Assert.Equal("healthy after restart 1", recovered.Detail);
        TestContext.Current.SendDiagnosticMessage($"kill -9 mcp-github: detected after {(detected.At - killed).TotalMilliseconds:0} ms, healthy after {clock.Elapsed.TotalSeconds:0.0} s");
    }

    [Fact]
    public async Task AServiceThatKeepsFailingItsHealthCheckOpensItsCircuitIsRestartedThreeTimesAndStopped()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await WhenDeployedAsync();

        // The file server's root replaced by a plain file: its /health fails, and no restart can fix that.
        var root = Path.Combine(platform.StateDirectory, "mcp-filesystem");
        Directory.Delete(root, recursive: true);
        await File.WriteAllTextAsync(root, "not a folder", cancellationToken);

        await WaitForEventAsync("mcp-filesystem", "gave-up", TimeSpan.FromSeconds(120));
        // Giving up stops it (dependents first); DCP may take a while to stop a `dotnet run` project.
        await WaitForEventAsync("mcp-filesystem", "stopped", TimeSpan.FromSeconds(45));

        var events = Supervisor.Events.Where(e => e.Service == "mcp-filesystem").ToArray();
        var story = string.Join(Environment.NewLine, events.Select(e => $"{e.At:HH:mm:ss.fff} {e.Kind}: {e.Detail}"));
        Assert.True(events.Any(e => e.Kind == "circuit" && e.Detail == "Closed → Open"), story);
        Assert.True(events.Any(e => e.Kind == "detected" && e.Detail.Contains("health check failed 5 times in a row", StringComparison.Ordinal)), story);
        Assert.True(events.Where(e => e.Kind == "restarting").Select(e => e.Detail).SequenceEqual(["attempt 1", "attempt 2", "attempt 3"]), story);
        Assert.True(events.Any(e => e.Kind == "stopped"), story);
        await platform.App.ResourceNotifications
            .WaitForResourceAsync("mcp-filesystem", e => KnownResourceStates.TerminalStates.Contains(e.Snapshot.State?.Text), cancellationToken)
            .WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
        Assert.NotEqual(CircuitState.Closed, Supervisor.CircuitOf("mcp-filesystem"));

        // Nothing of it is left running, not even the server under a killed `dotnet run`.
        var left = await LocalProcesses.WaitUntilGoneAsync([], "DeployCode.McpFilesystem", TimeSpan.FromSeconds(15), cancellationToken);
        Assert.True(left.Count == 0, $"Still running: {string.Join(", ", left)}");

        // The rest of the platform is untouched.
        Assert.True(platform.App.ResourceNotifications.TryGetCurrentState("auth-service", out var auth) && auth.Snapshot.State?.Text == KnownResourceStates.Running);
    }

    private int Pid(string service) =>
        platform.App.Services.GetRequiredService<DeployCode.Orchestrator.Telemetry.PlatformRegistry>().Find(service)?.ProcessId
        ?? throw new Xunit.Sdk.XunitException($"{service} has no process");

    private async Task<RecoveryEvent> WaitForEventAsync(string service, string kind, TimeSpan timeout)
    {
        var seen = new TaskCompletionSource<RecoveryEvent>(TaskCreationOptions.RunContinuationsAsynchronously);
        void Watch(RecoveryEvent recorded)
        {
            if (recorded.Service == service && recorded.Kind == kind)
            {
                seen.TrySetResult(recorded);
            }
        }

        Supervisor.Recorded += Watch;
        try
        {
            // Subscribed first, then the history: nothing recorded in between is missed.
            if (Supervisor.Events.LastOrDefault(e => e.Service == service && e.Kind == kind) is { } earlier)
            {
                return earlier;
            }

            return await seen.Task.WaitAsync(timeout, TestContext.Current.CancellationToken);
        }
        catch (TimeoutException)
        {
            var states = platform.Events.Changes.Where(change => change.Resource == service).Select(change => change.State).Distinct();
            throw new Xunit.Sdk.XunitException(
                $"No '{kind}' for {service} within {timeout.TotalSeconds} s; events: {string.Join("; ", Supervisor.Events.Select(e => $"{e.Service} {e.Kind} {e.Detail}"))}; " +
                $"its states: {string.Join(" → ", states)}");
        }
        finally
        {
            Supervisor.Recorded -= Watch;
        }
    }

    private Task<ResourceEvent> WhenDeployedAsync() => platform.App.ResourceNotifications
        .WaitForResourceAsync("deploy-code", e => e.Snapshot.State?.Text?.StartsWith("Running", StringComparison.Ordinal) == true, TestContext.Current.CancellationToken)
        .WaitAsync(TimeSpan.FromMinutes(1), TestContext.Current.CancellationToken);
}
