using System.Diagnostics;
using System.Globalization;
using Aspire.Hosting.ApplicationModel;

namespace DeployCode.Orchestrator.Health;

/// <summary>
/// Follows one component's start until it is ready or has visibly failed: it failed to start (an image that
/// cannot be pulled, say), exited before it was healthy, or it was not ready within the start timeout (a
/// container waiting for an unhealthy engine, say: DCP resumes it if the engine recovers in time). Nothing is
/// waited for forever.
/// </summary>
internal sealed class StartWatch(ResourceNotificationService notifications, StartFailureCause causes, TimeSpan startTimeout)
{
    /// <summary>Waits for <paramref name="whenReady"/>, or the first sign that it will not come.</summary>
    public async Task<ComponentOutcome> WatchAsync(IResource resource, Func<CancellationToken, Task<long>> whenReady, CancellationToken stopping)
    {
        using var settled = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        var ready = whenReady(settled.Token);
        var failed = notifications.WaitForResourceAsync(resource.Name, update => IsFailure(update.Snapshot.State?.Text), settled.Token);
        var timedOut = Task.Delay(startTimeout, settled.Token);
        var first = await Task.WhenAny(ready, failed, timedOut);
        await settled.CancelAsync();
        stopping.ThrowIfCancellationRequested();

        if (first == ready)
        {
            return ComponentOutcome.Ready(resource.Name, await ready);
        }

        if (first == failed)
        {
            var snapshot = (await failed).Snapshot;
            return ComponentOutcome.Failed(resource.Name, await causes.DescribeAsync(resource, snapshot, stopping));
        }

        return ComponentOutcome.Failed(resource.Name, $"not ready within {startTimeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s " +
            $"(DeployCode:Recovery:StartTimeoutSeconds); it was {Describe(resource.Name)}; see its console log");
    }

    /// <summary>A state from which a component does not become ready by itself.</summary>
    public static bool IsFailure(string? state) => state is not null && KnownResourceStates.TerminalStates.Contains(state);

    /// <summary>Its state and health as the dashboard shows them now, for a log line.</summary>
    public string Describe(string name)
    {
        if (!notifications.TryGetCurrentState(name, out var current))
        {
            return "not known to Aspire";
        }

        var state = current.Snapshot.State?.Text is { Length: > 0 } text ? text : "not started";
        if (state == KnownResourceStates.RuntimeUnhealthy)
        {
            return "waiting for the container engine, which is not healthy (start it, or set DeployCode:Runtime=process)";
        }

        var failing = current.Snapshot.HealthReports.Where(report => report.Status is not Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Healthy)
            .Select(report => report.Description ?? report.ExceptionText?.Split('\n')[0] ?? report.Status?.ToString() ?? "no result yet")
            .FirstOrDefault();
        return state == KnownResourceStates.Running && failing is not null ? $"{state}, not healthy: {failing}" : state;
    }

    /// <summary>Elapsed whole seconds since a <see cref="Stopwatch"/> timestamp, for log lines.</summary>
    public static string SecondsSince(long timestamp) =>
        Math.Round(Stopwatch.GetElapsedTime(timestamp).TotalSeconds).ToString(CultureInfo.InvariantCulture);
}
