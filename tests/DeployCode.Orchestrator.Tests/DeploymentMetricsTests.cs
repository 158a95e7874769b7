using System.Diagnostics;
using Aspire.Hosting.ApplicationModel;
using DeployCode.Orchestrator.Telemetry;
using DeployCode.Orchestrator.Resources;

namespace DeployCode.Orchestrator.Tests;

public sealed class DeploymentMetricsTests
{
    [Fact]
    public async Task PromtoolAcceptsTheMetricsPage()
    {
        var metrics = Sample(out _);

        var (exitCode, output) = await RunWithInputAsync(metrics.Render(), "promtool", "check", "metrics");

        Assert.True(exitCode == 0, output);
    }

    [Fact]
    public void TheMetricsPageShowsHealthBudgetUsePhasesAndGateHistograms()
    {
        var lines = Sample(out _).Render().Split('\n');

        Assert.Contains("deploycode_service_health{service=\"auth-service\"} 1", lines);
        Assert.Contains("deploycode_service_health{service=\"redis\"} 0", lines);
        Assert.Contains("deploycode_budget_cpu_allocated_cores{service=\"auth-service\",status=\"Allocated\"} 0.5", lines);
        Assert.Contains("deploycode_budget_memory_allocated_bytes{service=\"auth-service\",status=\"Allocated\"} 268435456", lines);
        Assert.Contains("deploycode_usage_cpu_cores{service=\"auth-service\"} 0.25", lines);
        Assert.Contains("deploycode_phase_duration_seconds{phase=\"2\",services=\"auth-service\"} 1.5", lines);
        Assert.Contains("deploycode_deployment_duration_seconds 12", lines);
        Assert.Contains("deploycode_gate_latency_seconds_bucket{service=\"auth-service\",le=\"0.025\"} 0", lines);
        Assert.Contains("deploycode_gate_latency_seconds_bucket{service=\"auth-service\",le=\"0.05\"} 1", lines);
        Assert.Contains("deploycode_gate_latency_seconds_bucket{service=\"auth-service\",le=\"+Inf\"} 1", lines);
        Assert.Contains("deploycode_gate_latency_seconds_count{service=\"auth-service\"} 1", lines);
    }

    private static DeploymentMetrics Sample(out PlatformRegistry registry)
    {
        var lifetime = new StoppedLifetime();
        var notifications = TestNotifications.Create(lifetime);
        registry = new PlatformRegistry(notifications, lifetime);
        registry.Register("CODE platform", [new ExecutableResource("redis", "redis-server", "."), new ProjectResource("auth-service")], [["redis"], ["auth-service"]],
            new Dictionary<string, SortedSet<string>>(StringComparer.Ordinal) { ["auth-service"] = ["redis"] });
        registry.Update("auth-service", entry => PlatformRegistry.Apply(entry, "Running", 42, null, ["http://localhost:8000"]) with
        {
            Allocation = new AllocationView(0.5, 256, 0, "Allocated", null),
            Usage = new UsageView(0.25, 120, DateTimeOffset.UtcNow),
        });
        registry.Update("redis", entry => entry with { State = "Exited" });

        var metrics = new DeploymentMetrics(registry);
        metrics.RecordGate("auth-service", TimeSpan.FromSeconds(3), TimeSpan.FromMilliseconds(40));
        metrics.RecordPhase(2, ["auth-service"], TimeSpan.FromSeconds(1.5));
        metrics.RecordDeployment(TimeSpan.FromSeconds(12));
        return metrics;
    }

    private static async Task<(int ExitCode, string Output)> RunWithInputAsync(string input, string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        await process.StandardInput.WriteAsync(input.AsMemory(), timeout.Token);
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var error = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output + await error);
    }
}
