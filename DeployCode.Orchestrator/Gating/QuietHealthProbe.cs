using System.Globalization;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace DeployCode.Orchestrator.Gating;

/// <summary>What one probe of a resource's health checks found.</summary>
internal enum ProbeResult
{
    /// <summary>Every check reported Healthy.</summary>
    Healthy,

    /// <summary>A check answered, and not Healthy (or it failed at once: a refused connection).</summary>
    Unhealthy,

    /// <summary>A check did not answer within the probe's timeout: the resource may be hung.</summary>
    TimedOut,
}

/// <summary>
/// Runs a resource's registered health checks directly. <see cref="HealthCheckService"/> would log every
/// failed attempt as an error with its stack trace, which at fifty probes a second buries the real log.
/// Each check gets at most <see cref="Timeout"/>, whatever its own registration allows: Aspire's HTTP check
/// waits up to its HttpClient's timeout, so a stopped process would take that long to count as failing once.
/// </summary>
internal sealed class QuietHealthProbe(IServiceProvider services, IOptions<HealthCheckServiceOptions> options, TimeSpan timeout)
{
    /// <summary>How long one check may take before it counts as timed out.</summary>
    public TimeSpan Timeout { get; } = timeout;

    /// <summary>Registers the probe once, with its timeout (<c>DeployCode:Health:ProbeTimeoutMilliseconds</c>).</summary>
    public static void Register(IDistributedApplicationBuilder builder, TimeSpan timeout)
    {
        if (builder.Services.Any(service => service.ServiceType == typeof(QuietHealthProbe)))
        {
            return;
        }

        builder.Services.AddSingleton(services => new QuietHealthProbe(services, services.GetRequiredService<IOptions<HealthCheckServiceOptions>>(), timeout));
    }

    /// <summary>The keys of the health checks a resource has, its parents' included, as Aspire runs them.</summary>
    public static IReadOnlySet<string> KeysOf(IResource resource) =>
        resource.TryGetAnnotationsIncludingAncestorsOfType<HealthCheckAnnotation>(out var checks)
            ? checks.Select(check => check.Key).ToHashSet(StringComparer.Ordinal)
            : new HashSet<string>();

    /// <summary>Whether every check named in <paramref name="keys"/> reports Healthy now.</summary>
    public async Task<bool> PassesAsync(IReadOnlySet<string> keys, CancellationToken cancellationToken) =>
        await ProbeAsync(keys, cancellationToken) == ProbeResult.Healthy;

    /// <summary>Runs every check named in <paramref name="keys"/>, each within <see cref="Timeout"/>, until one does not pass.</summary>
    public async Task<ProbeResult> ProbeAsync(IReadOnlySet<string> keys, CancellationToken cancellationToken)
    {
        foreach (var registration in options.Value.Registrations.Where(registration => keys.Contains(registration.Name)))
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var allowed = registration.Timeout > TimeSpan.Zero && registration.Timeout < Timeout ? registration.Timeout : Timeout;
            timeout.CancelAfter(allowed);
            try
            {
                var check = registration.Factory(services);
                // A check that ignores its token must not hold the probe either.
                var result = await check.CheckHealthAsync(new HealthCheckContext { Registration = registration }, timeout.Token).WaitAsync(timeout.Token);
                if (result.Status != HealthStatus.Healthy)
                {
                    // Some checks catch their own cancellation and report it as a failure.
                    return timeout.IsCancellationRequested ? ProbeResult.TimedOut : ProbeResult.Unhealthy;
                }
            }
            catch (Exception) when (!cancellationToken.IsCancellationRequested)
            {
                return timeout.IsCancellationRequested ? ProbeResult.TimedOut : ProbeResult.Unhealthy;
            }
        }

        return ProbeResult.Healthy;
    }
}
