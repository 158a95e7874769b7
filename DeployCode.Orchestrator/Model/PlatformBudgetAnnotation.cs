namespace Aspire.Hosting.ApplicationModel;

/// <summary>
/// What a component needs, as the AppHost gives it (<c>WithBudget</c>): the budget it has in every profile that does not
/// name it, and under each value a profile or <c>DeployCode:Services:&lt;name&gt;</c> does not set.
/// </summary>
/// <param name="Cpu">Cores (fractions allowed).</param>
/// <param name="MemoryMb">Memory in MiB.</param>
/// <param name="StorageGb">Storage in GiB.</param>
/// <param name="Gpu">GPUs it would like.</param>
/// <param name="GpuRequired">Whether it cannot run without them (otherwise a missing GPU is a warning).</param>
/// <param name="Replicas">Instances: copies run here, and the count in the published manifests.</param>
public sealed record PlatformBudgetAnnotation(double Cpu, int MemoryMb, double StorageGb, int Gpu, bool GpuRequired, int Replicas) : IResourceAnnotation;
