using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace DeployCode.Orchestrator.Health;

/// <summary>Ties a real operation against a resource (a query, a PING) to its health in the dashboard and in WaitFor.</summary>
internal static class ProbeHealthCheckExtensions
{
    public static IResourceBuilder<T> WithProbeHealthCheck<T>(this IResourceBuilder<T> builder, Func<T, CancellationToken, Task> probe) where T : IResource
    {
        var key = $"{builder.Resource.Name}_check";
        var resource = builder.Resource;
        builder.ApplicationBuilder.Services.AddHealthChecks().Add(new HealthCheckRegistration(
            key, _ => new ProbeHealthCheck(cancellationToken => probe(resource, cancellationToken)), failureStatus: null, tags: null));
        return builder.WithHealthCheck(key);
    }
}
