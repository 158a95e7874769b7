using System.Collections.Concurrent;
using System.Diagnostics;
using Aspire.Hosting.ApplicationModel;

namespace DeployCode.Orchestrator.Telemetry;

/// <summary>
/// When each component of the first deployment reached each step of its start, as Aspire's notifications
/// tell it: Waiting (its turn came and it waits for its dependencies), Starting (released to DCP), Running
/// (its process or container runs), and healthy. With the gate's records and the AppHost's own start, this
/// splits the start-up into what each service needs by itself and what the AppHost, DCP and the
/// orchestrator add (<see cref="StartupBreakdown"/>). Times are <see cref="Stopwatch"/> timestamps.
/// </summary>
internal sealed class StartupTimeline
{
    private readonly ConcurrentDictionary<string, ComponentTimes> _components = new(StringComparer.Ordinal);

    /// <summary>A timeline of a deployment that begins now, in a process launched when this one was.</summary>
    public StartupTimeline()
        : this(ProcessStartTimestamp(), Stopwatch.GetTimestamp())
    {
    }

    public StartupTimeline(long launched, long deploymentBegan)
    {
        Launched = launched;
        DeploymentBegan = deploymentBegan;
    }

    /// <summary>When the AppHost's process was started: the user's launch.</summary>
    public long Launched { get; }

    /// <summary>When the model was complete and the deployment began (Aspire's BeforeStart).</summary>
    public long DeploymentBegan { get; }

    /// <summary>When verification began and ended; null until then.</summary>
    public long? VerificationBegan { get; set; }

    public long? VerificationEnded { get; set; }

    public ComponentTimes For(string name) => _components.GetOrAdd(name, _ => new ComponentTimes());

    /// <summary>Follows the components' states until <paramref name="cancellationToken"/> ends it.</summary>
    public async Task FollowAsync(ResourceNotificationService notifications, IReadOnlyCollection<string> components, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var update in notifications.WatchAsync(cancellationToken))
            {
                if (components.Contains(update.Resource.Name) && update.Snapshot.State?.Text is { } state)
                {
                    For(update.Resource.Name).Observe(state, Stopwatch.GetTimestamp());
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    // The process's start as a Stopwatch timestamp: the time since it started, taken back from now.
    private static long ProcessStartTimestamp()
    {
        using var process = Process.GetCurrentProcess();
        var sinceStart = DateTime.Now - process.StartTime;
        return Stopwatch.GetTimestamp() - (long)(sinceStart.TotalSeconds * Stopwatch.Frequency);
    }
}

/// <summary>The first moment one component was seen in each step of its start.</summary>
internal sealed class ComponentTimes
{
    private long _waiting;
    private long _starting;
    private long _running;
    private long _healthy;

    /// <summary>First seen out of NotStarted: Waiting, Starting or Running, whichever came first.</summary>
    public long? Entered => Earliest(_waiting, _starting, _running);

    public long? Waiting => Value(_waiting);

    public long? Starting => Value(_starting);

    public long? Running => Value(_running);

    public long? Healthy => Value(_healthy);

    public void Observe(string state, long at)
    {
        if (state == KnownResourceStates.Waiting)
        {
            Interlocked.CompareExchange(ref _waiting, at, 0);
        }
        else if (state == KnownResourceStates.Starting)
        {
            Interlocked.CompareExchange(ref _starting, at, 0);
        }
        else if (state == KnownResourceStates.Running)
        {
            Interlocked.CompareExchange(ref _running, at, 0);
        }
    }

    public void MarkHealthy(long at) => Interlocked.CompareExchange(ref _healthy, at, 0);

    private static long? Value(long timestamp) => timestamp == 0 ? null : timestamp;

    private static long? Earliest(params long[] timestamps) =>
        timestamps.Where(timestamp => timestamp != 0).Select(timestamp => (long?)timestamp).Min();
}
