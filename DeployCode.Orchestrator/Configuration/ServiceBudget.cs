namespace DeployCode.Orchestrator.Configuration;

/// <summary>What one platform component is given: the per-service settings of the <c>DeployCode:Services</c> section.</summary>
/// <param name="Cpu">Cores (fractions allowed).</param>
/// <param name="MemoryMb">Memory in MiB.</param>
/// <param name="StorageGb">Storage in GiB.</param>
/// <param name="Gpu">GPUs it would like.</param>
/// <param name="GpuRequired">Whether it cannot run without them (otherwise a missing GPU is a warning).</param>
/// <param name="Critical">Reserved before every non-critical component.</param>
/// <param name="Replicas">Instances in production manifests.</param>
/// <param name="Port">Its port, when it differs from the platform table.</param>
internal sealed record ServiceBudget(double Cpu, int MemoryMb, double StorageGb, int Gpu, bool GpuRequired, bool Critical, int Replicas, int? Port = null)
{
    /// <summary>The budget of a component no profile or setting gives one: it reserves nothing and runs once.</summary>
    public static ServiceBudget None { get; } = new(0, 0, 0, 0, false, false, 1);
}
