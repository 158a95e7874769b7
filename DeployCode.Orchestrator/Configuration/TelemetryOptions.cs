namespace DeployCode.Orchestrator.Configuration;

/// <summary>The orchestrator's own telemetry (<c>DeployCode:Telemetry</c>).</summary>
internal sealed class TelemetryOptions
{
    /// <summary>Where the orchestrator serves <c>/metrics</c> and <c>/registry</c>; a free port of the range when taken.</summary>
    public int Port { get; set; } = 9464;

    /// <summary>How often Prometheus scrapes every target (the platform's figure is 15 s).</summary>
    public int ScrapeIntervalSeconds { get; set; } = 15;

    /// <summary>How often the CPU and memory of each service process are measured.</summary>
    public int UsageIntervalSeconds { get; set; } = 5;
}
