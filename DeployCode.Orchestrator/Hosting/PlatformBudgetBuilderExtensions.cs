using Aspire.Hosting.ApplicationModel;

namespace Aspire.Hosting;

/// <summary>Gives a component its budget and its role on the model, where the AppHost names it.</summary>
public static class PlatformBudgetBuilderExtensions
{
    /// <summary>
    /// Gives the component a budget: what the orchestrator reserves for it before it starts (it is held, with the
    /// reason, when the machine cannot give it), the limits its process or container runs under, and the requests and
    /// limits of the published manifests. A profile's entry (<c>DeployCode:Profiles:&lt;profile&gt;:&lt;name&gt;</c>) and
    /// <c>DeployCode:Services:&lt;name&gt;</c> override each value they set.
    /// </summary>
    /// <param name="builder">The component.</param>
    /// <param name="cpu">Cores, fractions allowed.</param>
    /// <param name="memoryMb">Memory in MiB.</param>
    /// <param name="storageGb">Storage in GiB.</param>
    /// <param name="gpu">GPUs it would like.</param>
    /// <param name="gpuRequired">Whether it cannot run without them (otherwise a missing GPU is a warning).</param>
    /// <param name="replicas">
    /// Instances (at least 1). <c>AddPlatformProject</c> makes a service's replicas when it is added: give its budget
    /// inside that call's configure lambda.
    /// </param>
    /// <example>
    /// <code>
    /// builder.AddProject&lt;Projects.Orders&gt;("orders").WithBudget(cpu: 0.5, memoryMb: 512);
    /// </code>
    /// </example>
    /// <returns>The same builder, of its own type: <c>AddPlatformPostgres(…).WithBudget(…)</c> still adds databases.</returns>
    public static TBuilder WithBudget<TBuilder>(
        this TBuilder builder, double cpu, int memoryMb, double storageGb = 0, int gpu = 0, bool gpuRequired = false, int replicas = 1)
        where TBuilder : IResourceBuilder<IResource>
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentOutOfRangeException.ThrowIfNegative(cpu);
        ArgumentOutOfRangeException.ThrowIfNegative(memoryMb);
        ArgumentOutOfRangeException.ThrowIfNegative(storageGb);
        ArgumentOutOfRangeException.ThrowIfNegative(gpu);
        ArgumentOutOfRangeException.ThrowIfLessThan(replicas, 1);
        if (gpuRequired && gpu == 0)
        {
            throw new ArgumentException($"{builder.Resource.Name} requires a GPU but asks for none: give gpu: 1 or more, or leave gpuRequired false.", nameof(gpuRequired));
        }

        builder.WithAnnotation(new PlatformBudgetAnnotation(cpu, memoryMb, storageGb, gpu, gpuRequired, replicas), ResourceAnnotationMutationBehavior.Replace);
        return builder;
    }

    /// <summary>
    /// Marks the component as one the platform cannot work without: its budget is reserved before every non-critical
    /// component's, so that on a small machine the others are held, not it.
    /// </summary>
    /// <example>
    /// <code>
    /// builder.AddPlatformPostgres("db").AsCritical();
    /// </code>
    /// </example>
    /// <returns>The same builder, of its own type.</returns>
    public static TBuilder AsCritical<TBuilder>(this TBuilder builder) where TBuilder : IResourceBuilder<IResource>
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.WithAnnotation(new PlatformCriticalAnnotation(), ResourceAnnotationMutationBehavior.Replace);
        return builder;
    }
}
