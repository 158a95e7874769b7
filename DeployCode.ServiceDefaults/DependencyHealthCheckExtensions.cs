using DeployCode.ServiceDefaults;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Health checks for what a platform service depends on.</summary>
public static class DependencyHealthCheckExtensions
{
    /// <summary>
    /// Reports <paramref name="failureStatus"/> (unhealthy unless told otherwise) unless <paramref name="address"/>
    /// answers a GET with 2xx within five seconds.
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
        builder.Services.AddHttpClient(HttpDependencyHealthCheck.ClientName, client => client.Timeout = TimeSpan.FromSeconds(5));

        return builder.Add(new HealthCheckRegistration(
            name,
            services => new HttpDependencyHealthCheck(services.GetRequiredService<IHttpClientFactory>(), address),
            failureStatus,
            tags: null,
            timeout: TimeSpan.FromSeconds(5)));
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
