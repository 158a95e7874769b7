using Aspire.Hosting.ApplicationModel;
using DeployCode.Orchestrator.Runtime;

namespace Aspire.Hosting;

/// <summary>How a platform service listens, and what it needs from the container runtime.</summary>
public static class PlatformServiceBuilderExtensions
{
    /// <summary>
    /// Gives the service an HTTP endpoint on its platform port (or <c>DeployCode:Services:&lt;name&gt;:Port</c>),
    /// or on a free port of the range when another process holds it, with <c>/health</c> as its health check.
    /// The service binds the port itself: no proxy sits in front of it.
    /// </summary>
    /// <param name="builder">The service.</param>
    /// <param name="port">Its port in the platform table.</param>
    /// <param name="publishedPorts">Ports published by containers and manifests, when they differ from <paramref name="port"/>.</param>
    /// <example>
    /// <code>
    /// builder.AddProject&lt;Projects.Orders&gt;("orders").WithPlatformHttpEndpoint(8000);
    /// </code>
    /// </example>
    public static IResourceBuilder<T> WithPlatformHttpEndpoint<T>(this IResourceBuilder<T> builder, int port, params int[] publishedPorts)
        where T : IResourceWithEndpoints
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.WithServiceHttpEndpoint(builder.AssignPlatformPort(port, publishedPorts));
    }

    /// <summary>The service binds <paramref name="port"/> itself (no proxy); <c>/health</c> is its health check.</summary>
    internal static IResourceBuilder<T> WithServiceHttpEndpoint<T>(this IResourceBuilder<T> builder, int port) where T : IResourceWithEndpoints =>
        builder.WithHttpEndpoint(port: port, isProxied: false).WithPlatformHttpHealthCheck("/health");

    /// <summary>
    /// Gives the component the GPUs in container mode: <c>--gpus all</c> for Docker, the CDI device
    /// <c>nvidia.com/gpu=all</c> for Podman, when this machine has GPUs (or <c>DeployCode:Gpus</c> says so); nothing otherwise.
    /// </summary>
    public static IResourceBuilder<T> WithGpuSupport<T>(this IResourceBuilder<T> builder) where T : IResource
    {
        ArgumentNullException.ThrowIfNull(builder);
        var deployCode = builder.ApplicationBuilder.GetDeployCode();
        if (deployCode.Runtime.Mode != RuntimeMode.Container || deployCode.HostGpus == 0)
        {
            return builder;
        }

        var engine = deployCode.Runtime.Engine;
        return builder.WithAnnotation(new ContainerRuntimeArgsCallbackAnnotation(args =>
        {
            foreach (var argument in GpuRuntimeArguments(engine))
            {
                args.Add(argument);
            }
        }), ResourceAnnotationMutationBehavior.Replace);
    }

    /// <summary>The container runtime arguments that hand every GPU to a container.</summary>
    internal static IReadOnlyList<string> GpuRuntimeArguments(string? engine) =>
        engine == "podman" ? ["--device", "nvidia.com/gpu=all"] : ["--gpus", "all"];

    /// <summary>Picks the port this run listens on and records the platform's ports on the resource.</summary>
    internal static int AssignPlatformPort<T>(this IResourceBuilder<T> builder, int port, IReadOnlyList<int>? publishedPorts = null) where T : IResource
    {
        var deployCode = builder.ApplicationBuilder.GetDeployCode();
        // An unreadable configured port is reported with every other problem by validation; the table's port stands meanwhile.
        var configured = deployCode.Settings.Budgets.GetValueOrDefault(builder.Resource.Name)?.Port ?? port;
        var assigned = deployCode.Ports.Assign(builder.Resource.Name, configured);
        builder.WithAnnotation(
            new PlatformPortAnnotation(configured, assigned, publishedPorts is { Count: > 0 } ? publishedPorts : [port]),
            ResourceAnnotationMutationBehavior.Replace);
        return assigned;
    }
}
