using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Health checks on the platform services that others depend on, by their resource names.</summary>
public static class PlatformDependencyExtensions
{
    /// <summary>
    /// auth-service's public key endpoint: a service that validates tokens is not ready until it can fetch the keys.
    /// </summary>
    public static IHealthChecksBuilder AddAuthServiceKeys(this IHealthChecksBuilder builder) =>
        builder.AddHttpDependency("auth-service-keys", new Uri("http://auth-service/.well-known/jwks.json"));

    /// <summary>
    /// Another platform service's readiness endpoint, reached through service discovery. A service this one can do
    /// without passes <see cref="HealthStatus.Degraded"/>: its failure then shows without making this one unready.
    /// </summary>
    public static IHealthChecksBuilder AddPlatformService(
        this IHealthChecksBuilder builder, string resourceName, HealthStatus failureStatus = HealthStatus.Unhealthy) =>
        builder.AddHttpDependency(resourceName, new Uri($"http://{resourceName}/health"), failureStatus);
}
