using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace DeployCode.Orchestrator.Gating;

/// <summary>
/// Runs a resource's registered health checks directly. <see cref="HealthCheckService"/> would log every
/// failed attempt as an error with its stack trace, which at fifty probes a second buries the real log.
/// </summary>
internal sealed class QuietHealthProbe(IServiceProvider services, IOptions<HealthCheckServiceOptions> options)
{
    /// <summary>The keys of the health checks a resource has, its parents' included, as Aspire runs them.</summary>
    public static IReadOnlySet<string> KeysOf(IResource resource) =>
        resource.TryGetAnnotationsIncludingAncestorsOfType<HealthCheckAnnotation>(out var checks)
            ? checks.Select(check => check.Key).ToHashSet(StringComparer.Ordinal)
            : new HashSet<string>();

    /// <summary>Whether every check named in <paramref name="keys"/> reports Healthy now.</summary>
    public async Task<bool> PassesAsync(IReadOnlySet<string> keys, CancellationToken cancellationToken)
    {
        foreach (var registration in options.Value.Registrations.Where(registration => keys.Contains(registration.Name)))
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            if (registration.Timeout > TimeSpan.Zero && registration.Timeout != Timeout.InfiniteTimeSpan)
            {
                timeout.CancelAfter(registration.Timeout);
            }

            try
            {
                var check = registration.Factory(services);
                var result = await check.CheckHealthAsync(new HealthCheckContext { Registration = registration }, timeout.Token);
                if (result.Status != HealthStatus.Healthy)
                {
                    return false;
                }
            }
            catch (Exception) when (!cancellationToken.IsCancellationRequested)
            {
                // A refused connection or a timed-out attempt: not healthy yet.
                return false;
            }
        }

        return true;
    }
}
