namespace DeployCode.Orchestrator.Gating;

/// <summary>How fast the health gate probes (<c>DeployCode:Gating</c>).</summary>
internal sealed class HealthGateOptions
{
    /// <summary>The default probe interval: frequent enough to keep the gap under 100 ms, cheap enough for two cores.</summary>
    public static readonly TimeSpan DefaultProbeInterval = TimeSpan.FromMilliseconds(20);

    /// <summary>The interval between two health probes of a starting dependency.</summary>
    public TimeSpan ProbeInterval { get; init; } = DefaultProbeInterval;
}
