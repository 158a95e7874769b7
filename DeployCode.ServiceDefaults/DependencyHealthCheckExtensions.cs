using DeployCode.ServiceDefaults;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Health checks for what a platform service depends on.</summary>
public static class DependencyHealthCheckExtensions
{
    /// <summary>How long a dependency has to answer: half the orchestrator's default probe timeout (2 s), so that a
    /// service's own /health answers in time, naming the dependency, even when that dependency hangs.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Reports <paramref name="failureStatus"/> (unhealthy unless told otherwise) unless <paramref name="address"/>
    /// answers a GET with 2xx within <see cref="Timeout"/>.
    /// </summary>
    /// <example>
    /// <code>
    /// builder.Services.AddHealthChecks().AddHttpDependency("auth-service-keys", new Uri("http://auth-service/.well-known/jwks.json"));
    /// </code>
    /// </example>
    public static IHealthChecksBuilder AddHttpDependency(
        this IHealthChecksBuilder builder, string name, Uri address, HealthStatus failureStatus = HealthStatus.Unhealthy)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(address);

        // A health check must tell what it sees now: no retries, a short timeout of its own.
        builder.Services.AddHttpClient(HttpDependencyHealthCheck.ClientName, client => client.Timeout = Timeout);

        return builder.Add(new HealthCheckRegistration(
            name,
            services => new HttpDependencyHealthCheck(services.GetRequiredService<IHttpClientFactory>(), address),
            failureStatus,
            tags: null,
            timeout: Timeout));
    }

    /// <summary>Reports unhealthy unless <paramref name="path"/> exists and is writable.</summary>
    public static IHealthChecksBuilder AddWritableDirectory(this IHealthChecksBuilder builder, string name, string path)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentException.ThrowIfNullOrEmpty(path);

        return builder.Add(new HealthCheckRegistration(name, _ => new WritableDirectoryHealthCheck(path), HealthStatus.Unhealthy, tags: null));
    }
}
