namespace DeployCode.Orchestrator.Configuration;

/// <summary>
/// What configuration says of one component's budget (its profile entry, then <c>DeployCode:Services</c>): each value
/// it sets, or null where the model's value stands (<c>WithBudget</c>, <c>AsCritical</c>).
/// </summary>
/// <param name="Cpu">Cores (fractions allowed).</param>
/// <param name="MemoryMb">Memory in MiB.</param>
/// <param name="StorageGb">Storage in GiB.</param>
/// <param name="Gpu">GPUs it would like.</param>
/// <param name="GpuRequired">Whether it cannot run without them.</param>
/// <param name="Critical">Reserved before every non-critical component.</param>
/// <param name="Replicas">Instances.</param>
/// <param name="Port">Its port, when it differs from the AppHost's.</param>
internal sealed record ConfiguredBudget(double? Cpu, int? MemoryMb, double? StorageGb, int? Gpu, bool? GpuRequired, bool? Critical, int? Replicas, int? Port)
{
    /// <summary>Configuration that sets nothing.</summary>
    public static ConfiguredBudget Nothing { get; } = new(null, null, null, null, null, null, null, null);

    /// <summary>The budget <paramref name="model"/> becomes with the values set here over it.</summary>
    public ServiceBudget Over(ServiceBudget model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return new(Cpu ?? model.Cpu, MemoryMb ?? model.MemoryMb, StorageGb ?? model.StorageGb, Gpu ?? model.Gpu,
            GpuRequired ?? model.GpuRequired, Critical ?? model.Critical, Replicas ?? model.Replicas, Port ?? model.Port);
    }

    /// <summary>These values with those <paramref name="later"/> sets over them.</summary>
    public ConfiguredBudget Then(ConfiguredBudget later)
    {
        ArgumentNullException.ThrowIfNull(later);
        return new(later.Cpu ?? Cpu, later.MemoryMb ?? MemoryMb, later.StorageGb ?? StorageGb, later.Gpu ?? Gpu,
            later.GpuRequired ?? GpuRequired, later.Critical ?? Critical, later.Replicas ?? Replicas, later.Port ?? Port);
    }
}
