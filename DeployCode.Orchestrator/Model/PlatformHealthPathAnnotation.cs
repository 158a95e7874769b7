namespace Aspire.Hosting.ApplicationModel;

/// <summary>
/// The HTTP path that answers whether a platform component is healthy: what its health check asks here,
/// and what the published artifacts' health checks and probes ask.
/// </summary>
/// <param name="Path">The path, such as <c>/health</c>.</param>
public sealed record PlatformHealthPathAnnotation(string Path) : IResourceAnnotation;
