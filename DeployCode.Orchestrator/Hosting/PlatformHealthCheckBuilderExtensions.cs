using Aspire.Hosting.ApplicationModel;

namespace Aspire.Hosting;

/// <summary>Health checks that the published artifacts repeat.</summary>
public static class PlatformHealthCheckBuilderExtensions
{
    /// <summary>
    /// Aspire's HTTP health check on <paramref name="path"/>, recorded so that Docker Compose health checks and
    /// Kubernetes probes ask the same path.
    /// </summary>
    public static IResourceBuilder<T> WithPlatformHttpHealthCheck<T>(this IResourceBuilder<T> builder, string path) where T : IResourceWithEndpoints
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(path);
        return builder.WithAnnotation(new PlatformHealthPathAnnotation(path), ResourceAnnotationMutationBehavior.Replace).WithHttpHealthCheck(path);
    }
}
