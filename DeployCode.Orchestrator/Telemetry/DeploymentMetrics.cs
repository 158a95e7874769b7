using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace DeployCode.Orchestrator.Telemetry;

/// <summary>
/// The orchestrator's metrics (meter <c>DeployCode.Orchestrator</c>, names prefixed <c>deploycode_</c>):
/// per-service health, budget and use, restarts; phase and deployment durations; health-gate waits.
/// </summary>
internal sealed class DeploymentMetrics : IDisposable
{
    /// <summary>The meter (and activity source) name.</summary>
    public const string MeterName = "DeployCode.Orchestrator";

    private readonly Meter _meter = new(MeterName);
    private readonly Histogram<double> _gateLatency;
    private readonly Histogram<double> _gateWait;
    private readonly ConcurrentDictionary<int, (double Seconds, string Services)> _phases = new();
    private double? _deploymentSeconds;

    public DeploymentMetrics(PlatformRegistry registry)
    {
        _gateLatency = _meter.CreateHistogram<double>("deploycode_gate_latency", "s",
            "From a service's last dependency turning healthy to the service being let start.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5] });
        _gateWait = _meter.CreateHistogram<double>("deploycode_gate_wait", "s",
            "How long a service waited for its dependencies before it could start.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.1, 0.5, 1, 2, 5, 10, 20, 40, 80] });

        _meter.CreateObservableGauge("deploycode_service_health", () => registry.Entries.Select(entry =>
            new Measurement<double>(HealthValue(entry), Service(entry))),
            description: "1 healthy, 0.5 degraded, 0 unhealthy or not running.");
        _meter.CreateObservableGauge("deploycode_service_up", () => registry.Entries.Select(entry =>
            new Measurement<int>(entry.State == "Running" ? 1 : 0, Service(entry), new("state", entry.State ?? "unknown"))),
            description: "1 while the component's process or container runs.");
        _meter.CreateObservableCounter("deploycode_service_restarts", () => registry.Entries.Select(entry =>
            new Measurement<long>(entry.Restarts, Service(entry))),
            description: "Times the component started again after first running.");
        _meter.CreateObservableGauge("deploycode_budget_cpu_allocated", () => registry.Entries.Where(entry => entry.Allocation is not null).Select(entry =>
            new Measurement<double>(entry.Allocation!.Cpu, Service(entry), new("status", entry.Allocation.Status))),
            unit: "cores", description: "CPU cores the budget gives the component.");
        _meter.CreateObservableGauge("deploycode_budget_memory_allocated", () => registry.Entries.Where(entry => entry.Allocation is not null).Select(entry =>
            new Measurement<double>(entry.Allocation!.MemoryMb * 1024d * 1024d, Service(entry), new("status", entry.Allocation.Status))),
            unit: "By", description: "Memory the budget gives the component.");
        _meter.CreateObservableGauge("deploycode_usage_cpu", () => registry.Entries.Where(entry => entry.Usage is not null).Select(entry =>
            new Measurement<double>(entry.Usage!.Cpu, Service(entry))),
            unit: "cores", description: "CPU cores the component's processes use (averaged over the sampling interval).");
        _meter.CreateObservableGauge("deploycode_usage_memory", () => registry.Entries.Where(entry => entry.Usage is not null).Select(entry =>
            new Measurement<double>(entry.Usage!.MemoryMb * 1024d * 1024d, Service(entry))),
            unit: "By", description: "Resident memory of the component's processes.");
        _meter.CreateObservableGauge("deploycode_phase_duration", () => _phases.Select(phase =>
            new Measurement<double>(phase.Value.Seconds, new KeyValuePair<string, object?>("phase", phase.Key), new("services", phase.Value.Services))),
            unit: "s", description: "How long each phase of the last deployment took, from its start to its last service healthy.");
        _meter.CreateObservableGauge("deploycode_deployment_duration", () => _deploymentSeconds is { } seconds ? [new Measurement<double>(seconds)] : Array.Empty<Measurement<double>>(),
            unit: "s", description: "From the start of the last deployment to every component healthy and verified.");
    }

    public void RecordGate(string service, TimeSpan waited, TimeSpan latency)
    {
        var tag = new KeyValuePair<string, object?>("service", service);
        _gateWait.Record(waited.TotalSeconds, tag);
        _gateLatency.Record(latency.TotalSeconds, tag);
    }

    public void RecordPhase(int phase, IEnumerable<string> services, TimeSpan duration) =>
        _phases[phase] = (duration.TotalSeconds, string.Join(",", services));

    public void RecordDeployment(TimeSpan duration) => _deploymentSeconds = duration.TotalSeconds;

    public void Dispose() => _meter.Dispose();

    private static double HealthValue(RegistryEntry entry) => entry.State != "Running" ? 0 : entry.Health switch
    {
        "Healthy" => 1,
        "Degraded" => 0.5,
        null => 1,
        _ => 0,
    };

    private static KeyValuePair<string, object?> Service(RegistryEntry entry) => new("service", entry.Name);
}

/// <summary>The trace of a deployment: one root span, a span per phase and per service start.</summary>
internal static class DeploymentActivities
{
    public static readonly ActivitySource Source = new(DeploymentMetrics.MeterName);
}
