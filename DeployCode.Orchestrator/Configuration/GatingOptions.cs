namespace DeployCode.Orchestrator.Configuration;

/// <summary>The health gate (<c>DeployCode:Gating</c>) and the probe both it and recovery use (<c>DeployCode:Health</c>).</summary>
internal sealed record GatingOptions
{
    /// <summary>
    /// The probe interval when <c>DeployCode:Gating:ProbeIntervalMilliseconds</c> is not set: frequent enough to keep the
    /// gap under 100 ms, cheap enough for two cores.
    /// </summary>
    public static readonly TimeSpan DefaultProbeInterval = TimeSpan.FromMilliseconds(20);

    /// <summary>The probe timeout when <c>DeployCode:Health:ProbeTimeoutMilliseconds</c> is not set.</summary>
    public static readonly TimeSpan DefaultProbeTimeout = TimeSpan.FromSeconds(2);

    /// <summary>Whether every <c>WaitFor</c> is released by the gate; false leaves waiting to Aspire.</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>How often the gate probes a starting dependency.</summary>
    public TimeSpan ProbeInterval { get; init; } = DefaultProbeInterval;

    /// <summary>How long one health check may take before it counts as timed out (a failure at once).</summary>
    public TimeSpan ProbeTimeout { get; init; } = DefaultProbeTimeout;
}
