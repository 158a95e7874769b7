using Aspire.Hosting.ApplicationModel;
using DeployCode.Orchestrator.Configuration;
using DeployCode.Orchestrator.Recovery;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using DeployCode.Orchestrator.Model;

namespace DeployCode.Orchestrator.Deployment;

// Rollback: after a service that restarts could not bring back, and the Roll back command.
internal sealed partial class DeploymentEngine
{
    /// <summary>
    /// A service stays down after its restarts. When another replica of it is healthy its work moves there;
    /// otherwise it and everything that depends on it are stopped, the known-good
    /// configuration is restored, and if that changes anything they are started again, dependencies first.
    /// The orchestrator ends as Rolled back with the cause.
    /// </summary>
    private async Task<UpdateRecord> RollBackAfterFailureAsync(IResource failed, string reason) =>
        (await RunAsync($"Recovering {failed.Name}", "recover", async cancellationToken =>
        {
            var deployment = Current;
            if (await MoveToReplicaAsync(deployment, failed, reason, cancellationToken) is { } moved)
            {
                return moved;
            }

            var cause = $"{failed.Name}: {reason}";
            await Status.ShowAsync(new ResourceStateSnapshot(DeploymentStates.RollingBack, KnownResourceStateStyles.Warn), (OrchestratorProperties.RollbackCause, cause));
            var dependents = deployment.InDependencyOrder(deployment.Graph.DependentsOf(failed.Name));
            Log.LogWarning("{Message}", dependents.Count == 0
                ? $"Rolling back: {cause}. Stopping {failed.Name} (nothing depends on it)"
                : $"Rolling back: {cause}. Stopping {string.Join(", ", dependents.Reverse().Select(service => service.Name))}, then {failed.Name}");
            await supervisor.StopWithDependentsAsync(failed, dependents, $"{failed.Name} stays down", cancellationToken);

            var stopped = dependents.Select(service => service.Name).Prepend(failed.Name).ToArray();
            var (outcome, restarted, allBack) = await RestoreKnownGoodAsync(deployment, stopped, startStoppedAnyway: false, cancellationToken);
            return await EndAsync(new Ending(UpdateKinds.RolledBack, allBack, $"{cause}; {outcome}", restarted, $"Rolled back: {outcome}", Shown.RolledBack));
        }, CancellationToken.None))!;

    /// <summary>The Roll back command: the known-good configuration back, and every stopped service started again.</summary>
    public async Task<UpdateRecord> RollBackAsync(CancellationToken cancellationToken) =>
        (await RunAsync("Roll back", "roll back", async token =>
        {
            var deployment = Current;
            var stopped = deployment.Deployed.Where(IsDown).Select(service => service.Name).ToArray();
            await Status.ShowAsync(new ResourceStateSnapshot(DeploymentStates.RollingBack, KnownResourceStateStyles.Warn), (OrchestratorProperties.RollbackCause, "the Roll back command"));
            var (outcome, restarted, allBack) = await RestoreKnownGoodAsync(deployment, stopped, startStoppedAnyway: true, token);
            if (restarted.Count == 0 && allBack)
            {
                return await EndAsync(new Ending(UpdateKinds.Nothing, true, outcome, [], $"Roll back: nothing to do: {outcome}", Shown.Running));
            }

            return await EndAsync(new Ending(UpdateKinds.RolledBack, allBack, outcome, restarted, $"Roll back: {outcome}", Shown.RolledBack));
        }, cancellationToken))!;

    /// <summary>
    /// Restores the known-good configuration, then restarts what it changes and starts <paramref name="stopped"/>,
    /// in dependency order. After a failure, stopped services are only started again when the restored
    /// configuration differs (the same settings would fail the same way); the command starts them regardless,
    /// since whoever gave it may have fixed the cause.
    /// </summary>
    private async Task<(string Outcome, IReadOnlyList<string> Restarted, bool AllBack)> RestoreKnownGoodAsync(Deployment deployment, string[] stopped, bool startStoppedAnyway, CancellationToken cancellationToken)
    {
        var knownGood = await KnownGoodConfiguration.LoadAsync(deployment.Orchestrator.StateDirectoryFor(deployment.Orchestrator.Name), cancellationToken);
        if (knownGood is null)
        {
            return ($"no deployment has passed verification yet, so there is no known-good configuration to restore; {Listed(stopped)} stay stopped: fix the cause, then use Redeploy", [], stopped.Length == 0);
        }

        var restored = DeployCodeSettings.Read(new ConfigurationBuilder().AddInMemoryCollection(knownGood.Settings!).Build().GetSection(DeployCodeOptions.SectionName));
        var change = SettingsChange.Between(deployment.Orchestrator.ConfiguredSettings, knownGood.Settings, deployment.Orchestrator.Settings, restored, deployment.Given);
        var deployedAt = $"{knownGood.DeployedAt:yyyy-MM-dd HH:mm:ss} UTC";
        if (change.IsEmpty && stopped.Length == 0)
        {
            return ($"the running configuration is the known-good one (deployed {deployedAt}) and every service runs", [], true);
        }

        if (change.IsEmpty && !startStoppedAnyway)
        {
            return ($"the running configuration is the known-good one (deployed {deployedAt}), so nothing was restored; {Listed(stopped)} stay stopped: fix the cause, then use Redeploy", [], stopped.Length == 0);
        }

        Apply(restored, knownGood.Settings, Allocate(deployment, restored));
        var (restarted, failed, failure) = await RestartInOrderAsync(deployment, deployment.RestartedBy(change).Union(stopped, StringComparer.Ordinal), $"rollback to the configuration deployed {deployedAt}", cancellationToken);
        var what = change.IsEmpty ? "nothing in it differed" : $"it changed {string.Join(", ", change.ChangedKeys)}";
        return failed is null
            ? ($"restored the known-good configuration deployed {deployedAt} ({what}); restarted {Listed(restarted)}", restarted, true)
            : ($"restored the known-good configuration deployed {deployedAt} ({what}), but {failed} still fails: {failure}", restarted, false);
    }

    private static string Listed(IReadOnlyCollection<string> names) => names.Count == 0 ? "nothing" : string.Join(", ", names);
}
