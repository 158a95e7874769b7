using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Diagnostics;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using DeployCode.Orchestrator.Configuration;

namespace DeployCode.Orchestrator.Gating;

/// <summary>
/// Lets a resource that Aspire holds in Waiting start the moment its dependencies are ready.
/// </summary>
/// <remarks>
/// Aspire's <c>WaitFor</c> learns that a dependency is healthy from its health-check loop, which backs off
/// to one, two, three… seconds while the dependency is starting, so every link of a chain loses about 1.5 s.
/// The gate probes the same health checks every <see cref="DependencyReadiness.ProbeInterval"/> and, once all
/// of a resource's dependencies pass, moves it from Waiting to Starting: Aspire treats a resource leaving
/// Waiting as released (the same path as the dashboard's Start command) and DCP starts it. Wait annotations
/// stay in the model, so the dashboard, the plan and the publishers see the same graph; waits the gate does
/// not understand (completion of a one-shot job) are left to Aspire.
/// </remarks>
internal sealed class HealthGate
{
    private const string WaitingForProperty = "resource.waitingFor";

    private readonly ResourceNotificationService _notifications;
    private readonly ILogger<HealthGate> _logger;
    private readonly DependencyReadiness _readiness;
    private readonly CancellationToken _stopping;
    // Each resource is gated in its first Waiting only: readiness is remembered, so a dependency restarted later
    // would look ready at once; Aspire's own wait, which follows health as it changes, handles restarts.
    private readonly ConcurrentDictionary<string, byte> _gated = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<GateRecord> _records = new();

    /// <summary>Creates the gate; <see cref="RunAsync"/> starts it.</summary>
    public HealthGate(ResourceNotificationService notifications, QuietHealthProbe probe, IHostApplicationLifetime lifetime, ILogger<HealthGate> logger, GatingOptions options)
    {
        ArgumentNullException.ThrowIfNull(lifetime);
        ArgumentNullException.ThrowIfNull(options);
        _notifications = notifications;
        _logger = logger;
        _stopping = lifetime.ApplicationStopping;
        _readiness = new DependencyReadiness(notifications, probe, options.ProbeInterval, logger, _stopping);
    }

    /// <summary>Raised each time a dependent is let through.</summary>
    public event Action<GateRecord>? Opened;

    /// <summary>Every dependent let through so far.</summary>
    public IReadOnlyCollection<GateRecord> Records => _records.ToArray();

    /// <summary>Completes with the timestamp at which <paramref name="resource"/> was first seen Running and healthy.</summary>
    public Task<long> WhenReadyAsync(IResource resource, CancellationToken cancellationToken) => _readiness.WhenReadyAsync(resource, cancellationToken);

    /// <summary>Watches for resources entering Waiting until the application stops.</summary>
    public async Task RunAsync()
    {
        try
        {
            await foreach (var update in _notifications.WatchAsync(_stopping))
            {
                if (update.Snapshot.State?.Text == KnownResourceStates.Waiting &&
                    IsGateable(update.Resource, out var waits) &&
                    _gated.TryAdd(update.ResourceId, 0))
                {
                    _ = Task.Run(() => GateAsync(update.Resource, update.ResourceId, waits), CancellationToken.None);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>The gate handles resources whose every wait is "until healthy" or "until started".</summary>
    internal static bool IsGateable(IResource resource, out ImmutableArray<WaitAnnotation> waits)
    {
        waits = [.. resource.Annotations.OfType<WaitAnnotation>().Where(wait => wait.Resource is not IResourceWithoutLifetime)];
        return waits.Length > 0 && waits.All(wait => wait.WaitType is WaitType.WaitUntilHealthy or WaitType.WaitUntilStarted);
    }

    private async Task GateAsync(IResource resource, string resourceId, ImmutableArray<WaitAnnotation> waits)
    {
        var waitStarted = Stopwatch.GetTimestamp();
        try
        {
            var ready = await Task.WhenAll(waits.Select(wait => wait.WaitType == WaitType.WaitUntilStarted
                ? WhenRunningAsync(wait.Resource)
                : _readiness.WhenReadyAsync(wait.Resource, _stopping)));

            var released = false;
            await _notifications.PublishUpdateAsync(resource, resourceId, snapshot =>
            {
                // Aspire may have released it first, or someone pressed Start: only a resource still waiting moves.
                if (snapshot.State?.Text != KnownResourceStates.Waiting)
                {
                    return snapshot;
                }

                released = true;
                return snapshot with
                {
                    State = new ResourceStateSnapshot(KnownResourceStates.Starting, KnownResourceStateStyles.Info),
                    Properties = snapshot.Properties.RemoveAll(property => property.Name == WaitingForProperty),
                };
            });

            if (released)
            {
                var record = new GateRecord(resource.Name, [.. waits.Select(wait => wait.Resource.Name)], waitStarted, ready.Max(), Stopwatch.GetTimestamp());
                _records.Enqueue(record);
                _logger.LogDebug("{Resource} released {Latency} ms after its dependencies were ready", resource.Name, record.Latency.TotalMilliseconds);
                Opened?.Invoke(record);
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception exception)
        {
            // Aspire's own wait is still in place, so a failure here costs speed, never correctness.
            _logger.LogWarning(exception, "The health gate for {Resource} stopped; Aspire's WaitFor will release it", resource.Name);
        }
    }

    private async Task<long> WhenRunningAsync(IResource dependency)
    {
        await _notifications.WaitForResourceAsync(dependency.Name, e => e.Snapshot.State?.Text == KnownResourceStates.Running, _stopping);
        return Stopwatch.GetTimestamp();
    }
}
