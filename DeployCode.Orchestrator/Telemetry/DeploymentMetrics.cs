using System.Collections.Concurrent;
using System.Diagnostics;

namespace DeployCode.Orchestrator.Telemetry;

/// <summary>
/// The orchestrator's metrics, served as <c>/metrics</c> (prefix <c>deploycode_</c>): per-service health,
/// budget against measured use, restarts; phase and deployment durations; health-gate waits and latency.
/// </summary>
/// <remarks>
/// Written straight from this orchestrator's registry rather than through a process-wide meter: an
/// AppHost test process holds several orchestrators, and a meter listener would mix their figures.
/// </remarks>
internal sealed class DeploymentMetrics(PlatformRegistry registry)
{
    /// <summary>The activity source name of the deployment trace.</summary>
    public const string SourceName = "DeployCode.Orchestrator";

    private static readonly double[] s_latencyBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];
    private static readonly double[] s_waitBuckets = [0.1, 0.5, 1, 2, 5, 10, 20, 40, 80];

    private readonly ConcurrentDictionary<string, Histogram> _gateLatency = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Histogram> _gateWait = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<int, (double Seconds, string Services)> _phases = new();
    private double? _deploymentSeconds;

    public void RecordGate(string service, TimeSpan waited, TimeSpan latency)
    {
        _gateWait.GetOrAdd(service, _ => new Histogram(s_waitBuckets)).Record(waited.TotalSeconds);
        _gateLatency.GetOrAdd(service, _ => new Histogram(s_latencyBuckets)).Record(latency.TotalSeconds);
    }

    public void RecordPhase(int phase, IEnumerable<string> services, TimeSpan duration) =>
        _phases[phase] = (duration.TotalSeconds, string.Join(",", services));

    public void RecordDeployment(TimeSpan duration) => _deploymentSeconds = duration.TotalSeconds;

    /// <summary>Every metric, now, in the Prometheus text format.</summary>
    public string Render()
    {
        var entries = registry.Entries;
        var text = new PrometheusText();

        text.Family("deploycode_service_health", "gauge", "1 healthy, 0.5 degraded, 0 unhealthy or not running.");
        foreach (var entry in entries)
        {
            text.Sample("deploycode_service_health", HealthValue(entry), ("service", entry.Name));
        }

        text.Family("deploycode_service_up", "gauge", "1 while the component's process or container runs.");
        foreach (var entry in entries)
        {
            text.Sample("deploycode_service_up", entry.State == "Running" ? 1 : 0, ("service", entry.Name), ("state", entry.State ?? "unknown"));
        }

        text.Family("deploycode_service_restarts_total", "counter", "Times the component started again after first running.");
        foreach (var entry in entries)
        {
            text.Sample("deploycode_service_restarts_total", entry.Restarts, ("service", entry.Name));
        }

        text.Family("deploycode_circuit_state", "gauge", "The service's circuit breaker: 0 closed, 1 half-open, 2 open.");
        foreach (var entry in entries.Where(entry => entry.Circuit is not null))
        {
            text.Sample("deploycode_circuit_state", entry.Circuit switch { "Open" => 2, "HalfOpen" => 1, _ => 0 }, ("service", entry.Name));
        }

        text.Family("deploycode_circuit_openings_total", "counter", "Times the service's circuit breaker opened.");
        foreach (var entry in entries.Where(entry => entry.Circuit is not null))
        {
            text.Sample("deploycode_circuit_openings_total", entry.CircuitOpenings, ("service", entry.Name));
        }

        text.Family("deploycode_recoveries_total", "counter", "Times the orchestrator brought the service back to health after a failure.");
        foreach (var entry in entries)
        {
            text.Sample("deploycode_recoveries_total", entry.Recoveries, ("service", entry.Name));
        }

        var budgeted = entries.Where(entry => entry.Allocation is not null).ToArray();
        text.Family("deploycode_budget_cpu_allocated_cores", "gauge", "CPU cores the budget gives the component.");
        foreach (var entry in budgeted)
        {
            text.Sample("deploycode_budget_cpu_allocated_cores", entry.Allocation!.Cpu, ("service", entry.Name), ("status", entry.Allocation.Status));
        }

        text.Family("deploycode_budget_memory_allocated_bytes", "gauge", "Memory the budget gives the component.");
        foreach (var entry in budgeted)
        {
            text.Sample("deploycode_budget_memory_allocated_bytes", entry.Allocation!.MemoryMb * 1048576d, ("service", entry.Name), ("status", entry.Allocation.Status));
        }

        var measured = entries.Where(entry => entry.Usage is not null).ToArray();
        text.Family("deploycode_usage_cpu_cores", "gauge", "CPU cores the component's processes use, averaged over the sampling interval.");
        foreach (var entry in measured)
        {
            text.Sample("deploycode_usage_cpu_cores", entry.Usage!.Cpu, ("service", entry.Name));
        }

        text.Family("deploycode_usage_memory_bytes", "gauge", "Resident memory of the component's processes.");
        foreach (var entry in measured)
        {
            text.Sample("deploycode_usage_memory_bytes", entry.Usage!.MemoryMb * 1048576d, ("service", entry.Name));
        }

        text.Family("deploycode_phase_duration_seconds", "gauge", "How long each phase of the last deployment took, from its start to its last service healthy.");
        foreach (var (phase, (seconds, services)) in _phases.OrderBy(pair => pair.Key))
        {
            text.Sample("deploycode_phase_duration_seconds", seconds, ("phase", phase.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("services", services));
        }

        text.Family("deploycode_deployment_duration_seconds", "gauge", "From the start of the last deployment to every component healthy and verified.");
        if (_deploymentSeconds is { } deployment)
        {
            text.Sample("deploycode_deployment_duration_seconds", deployment);
        }

        Histograms(text, "deploycode_gate_wait_seconds", "How long a service waited for its dependencies before it could start.", _gateWait);
        Histograms(text, "deploycode_gate_latency_seconds", "From a service's last dependency turning healthy to the service being let start.", _gateLatency);
        return text.ToString();
    }

    private static void Histograms(PrometheusText text, string name, string help, ConcurrentDictionary<string, Histogram> histograms)
    {
        text.Family(name, "histogram", help);
        foreach (var (service, histogram) in histograms.OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            histogram.WriteTo(text, name, service);
        }
    }

    private static double HealthValue(RegistryEntry entry) => entry.State != "Running" ? 0 : entry.Health switch
    {
        "Healthy" or null => 1,
        "Degraded" => 0.5,
        _ => 0,
    };

    /// <summary>A cumulative histogram with fixed buckets.</summary>
    private sealed class Histogram(double[] bounds)
    {
        private readonly long[] _counts = new long[bounds.Length + 1];
        private double _sum;
        private long _count;

        public void Record(double value)
        {
            lock (_counts)
            {
                var bucket = Array.FindIndex(bounds, bound => value <= bound);
                _counts[bucket < 0 ? bounds.Length : bucket]++;
                _sum += value;
                _count++;
            }
        }

        public void WriteTo(PrometheusText text, string name, string service)
        {
            lock (_counts)
            {
                long cumulative = 0;
                for (var index = 0; index <= bounds.Length; index++)
                {
                    cumulative += _counts[index];
                    var le = index < bounds.Length ? PrometheusText.Format(bounds[index]) : "+Inf";
                    text.Sample($"{name}_bucket", cumulative, ("service", service), ("le", le));
                }

                text.Sample($"{name}_sum", _sum, ("service", service));
                text.Sample($"{name}_count", _count, ("service", service));
            }
        }
    }
}

/// <summary>The trace of a deployment: one root span, a span per phase and per service start.</summary>
internal static class DeploymentActivities
{
    public static readonly ActivitySource Source = new(DeploymentMetrics.SourceName);
}
