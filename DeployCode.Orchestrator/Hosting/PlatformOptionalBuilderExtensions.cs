using Aspire.Hosting.ApplicationModel;

namespace Aspire.Hosting;

/// <summary>Components the platform can do without.</summary>
public static class PlatformOptionalBuilderExtensions
{
    /// <summary>
    /// Lets the deployment go on when this component cannot start (an image that cannot be pulled, a crash at
    /// start): the orchestrator ends <c>Running, N failed</c> with the cause on the component, and what waits for
    /// it is reported as not started. Without it, such a failure ends the deployment <c>Failed</c>.
    /// </summary>
    /// <example>
    /// <code>
    /// builder.AddContainer("tracing", "jaegertracing/jaeger", "2.10.0").AsOptionalPlatformComponent();
    /// </code>
    /// </example>
    public static IResourceBuilder<T> AsOptionalPlatformComponent<T>(this IResourceBuilder<T> builder) where T : IResource
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.WithAnnotation(new PlatformOptionalAnnotation(), ResourceAnnotationMutationBehavior.Replace);
    }
}
