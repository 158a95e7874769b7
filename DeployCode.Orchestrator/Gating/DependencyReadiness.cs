using System.Collections.Concurrent;
using System.Diagnostics;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Logging;

namespace DeployCode.Orchestrator.Gating;

/// <summary>
/// Notices the moment a resource becomes ready — Running, then every health check it has passing — by
/// running its checks every few milliseconds instead of Aspire's one-to-five-second back-off. One watch per
/// resource, shared by everything that waits on it. A resource that stops running before it is ready (its
/// process exited, it failed to start, it was stopped) is not probed on: the watch waits for it to run again
/// (a restart, the dashboard's Start), and says so in the log.
/// </summary>
internal sealed class DependencyReadiness(ResourceNotificationService notifications, QuietHealthProbe probe, TimeSpan probeInterval, ILogger logger, CancellationToken stopping)
{
    private readonly ConcurrentDictionary<string, Lazy<Task<long>>> _ready = new(StringComparer.Ordinal);

    /// <summary>The interval between two health probes of a resource that is Running but not yet healthy.</summary>
    public TimeSpan ProbeInterval => probeInterval;

    /// <summary>Completes with the <see cref="Stopwatch"/> timestamp at which <paramref name="resource"/> was first seen ready.</summary>
    public Task<long> WhenReadyAsync(IResource resource, CancellationToken cancellationToken) =>
        _ready.GetOrAdd(resource.Name, _ => new Lazy<Task<long>>(() => WatchAsync(resource, stopping))).Value.WaitAsync(cancellationToken);

    private async Task<long> WatchAsync(IResource resource, CancellationToken cancellationToken)
    {
        var keys = QuietHealthProbe.KeysOf(resource);
        if (keys.Count == 0)
        {
            // Without checks Aspire counts a resource ready once its ResourceReady handlers (a database created
            // on its server, say) have run, which it learns at once: its own wait is as fast as ours.
            await notifications.WaitForResourceHealthyAsync(resource.Name, WaitBehavior.WaitOnResourceUnavailable, cancellationToken);
            return Stopwatch.GetTimestamp();
        }

        using var timer = new PeriodicTimer(probeInterval);
        while (true)
        {
            // The current state counts (the notifications replay it), so a resource already Running is not waited for.
            await notifications.WaitForResourceAsync(resource.Name, e => e.Snapshot.State?.Text == KnownResourceStates.Running, cancellationToken);
            // A state that cannot be read by name (a resource with several replicas) is not taken for a stop.
            while (StateOf(resource) is null || StateOf(resource) == KnownResourceStates.Running)
            {
                if (await probe.ProbeAsync(keys, cancellationToken) == ProbeResult.Healthy)
                {
                    return Stopwatch.GetTimestamp();
                }

                await timer.WaitForNextTickAsync(cancellationToken);
            }

            logger.LogWarning("{Resource} stopped running ({State}) before it was healthy; what waits on it waits for it to run again", resource.Name, StateOf(resource));
        }
    }

    private string? StateOf(IResource resource) =>
        notifications.TryGetCurrentState(resource.Name, out var current) ? current.Snapshot.State?.Text : null;
}
