namespace DeployCode.Orchestrator.Configuration;

/// <summary>The <c>DeployCode:Ports</c> section: the range fallback ports come from.</summary>
internal sealed class PortRangeOptions
{
    /// <summary>First port of the range (inclusive).</summary>
    public int RangeStart { get; set; } = 30000;

    /// <summary>Last port of the range (inclusive).</summary>
    public int RangeEnd { get; set; } = 40000;
}
