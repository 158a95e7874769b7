using DeployCode.Orchestrator.Recovery;

namespace DeployCode.AppHost.Tests;

/// <summary>Waiting for what the supervisor records, without polling.</summary>
internal static class SupervisorEvents
{
    /// <summary>The first event of <paramref name="kind"/> for <paramref name="service"/> at or after <paramref name="since"/>.</summary>
    public static async Task<RecoveryEvent> WhenRecordedAsync(this ServiceSupervisor supervisor, string service, string kind, DateTimeOffset since, TimeSpan timeout)
    {
        bool Matches(RecoveryEvent recorded) => recorded.Service == service && recorded.Kind == kind && recorded.At >= since;
        var seen = new TaskCompletionSource<RecoveryEvent>(TaskCreationOptions.RunContinuationsAsynchronously);
        void Watch(RecoveryEvent recorded)
        {
            if (Matches(recorded))
            {
                seen.TrySetResult(recorded);
            }
        }

        supervisor.Recorded += Watch;
        try
        {
            // Subscribed first, then the history: nothing recorded in between is missed.
            if (supervisor.Events.FirstOrDefault(Matches) is { } earlier)
            {
                return earlier;
            }

            return await seen.Task.WaitAsync(timeout, TestContext.Current.CancellationToken);
        }
        catch (TimeoutException)
        {
            throw new Xunit.Sdk.XunitException(
                $"No '{kind}' for {service} within {timeout.TotalSeconds} s; events: {string.Join("; ", supervisor.Events.Select(e => $"{e.At:HH:mm:ss.fff} {e.Service} {e.Kind} {e.Detail}"))}");
        }
        finally
        {
            supervisor.Recorded -= Watch;
        }
    }

    /// <summary>The next record of <paramref name="kind"/> the engine makes from now on.</summary>
    public static Task<DeployCode.Orchestrator.Deployment.UpdateRecord> WhenRecordedAsync(this DeployCode.Orchestrator.Deployment.DeploymentEngine engine, string kind, TimeSpan timeout)
    {
        var seen = new TaskCompletionSource<DeployCode.Orchestrator.Deployment.UpdateRecord>(TaskCreationOptions.RunContinuationsAsynchronously);
        void Watch(DeployCode.Orchestrator.Deployment.UpdateRecord record)
        {
            if (record.Kind == kind)
            {
                seen.TrySetResult(record);
                engine.Recorded -= Watch;
            }
        }

        engine.Recorded += Watch;
        return seen.Task.WaitAsync(timeout, TestContext.Current.CancellationToken);
    }
}
