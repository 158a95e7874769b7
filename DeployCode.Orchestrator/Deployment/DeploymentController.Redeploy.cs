using System.Diagnostics;
using Aspire.Hosting.ApplicationModel;
using DeployCode.Orchestrator.Health;
using Microsoft.Extensions.Logging;
using DeployCode.Orchestrator.Model;

namespace DeployCode.Orchestrator.Deployment;

// Redeploy: every deployed service restarted phase by phase, gated on health, then verified.
internal sealed partial class DeploymentController
{
    /// <summary>
    /// The Redeploy command: takes up the configuration as it is now (refused, with nothing touched, when
    /// invalid; left aside when it is the change last rolled back), restarts every deployed service phase by phase (a phase's services together, each gated on
    /// health), verifies, and saves the configuration as known-good. A service that does not come back is
    /// rolled back as after any failure.
    /// </summary>
    public async Task<UpdateRecord> RedeployAsync(CancellationToken cancellationToken) =>
        (await OneAtATimeAsync("Redeploy", async token =>
        {
            var deployment = Current;
            if (UnreadableSettingsFile() is { } unreadable)
            {
                Tell(deployment, LogLevel.Error, $"Redeploy refused: {unreadable}; fix the file and save it again");
                return Record("refused", false, unreadable, []);
            }

            var started = Stopwatch.GetTimestamp();
            var (flat, edited, change) = ReadEdit(deployment);
            if (!change.IsEmpty && SameSettings(flat, _rolledBackFrom))
            {
                Tell(deployment, LogLevel.Warning, $"The settings file still holds the change that was rolled back ({string.Join(", ", change.ChangedKeys)}); redeploying the running configuration");
            }
            else if (!change.IsEmpty)
            {
                var (problems, allocation) = Check(deployment, edited, change);
                if (problems.Count > 0)
                {
                    return await RefuseAsync(deployment, change, problems);
                }

                Apply(deployment, edited, flat, allocation!);
                _rolledBackFrom = null;
                Tell(deployment, LogLevel.Information, $"Redeploy takes up the configuration change: {string.Join(", ", change.ChangedKeys)}");
            }

            var phases = deployment.Plan.Phases.Select(phase => deployment.InDependencyOrder(phase)).Where(phase => phase.Count > 0).ToArray();
            var restarted = new List<string>();
            for (var index = 0; index < phases.Length; index++)
            {
                await deployment.Status.ShowStepAsync($"{DeploymentStates.Redeploying} phase {index + 1}/{phases.Length}");
                Tell(deployment, LogLevel.Information, $"Redeploy phase {index + 1}/{phases.Length}: {string.Join(", ", phases[index].Select(service => service.Name))}");
                var failures = await Task.WhenAll(phases[index].Select(service => supervisor.RestartGatedAsync(service, "redeploy", token)));
                restarted.AddRange(phases[index].Select(service => service.Name));
                var failed = phases[index].Zip(failures).FirstOrDefault(pair => pair.Second is not null);
                if (failed.First is { } broken)
                {
                    _ = Task.Run(() => RollBackAfterFailureAsync(broken, $"it did not come back healthy when redeployed ({failed.Second})"), CancellationToken.None);
                    return Record("redeploy-failed", false, $"{broken.Name} did not come back healthy: {failed.Second}; rolling back", restarted);
                }
            }

            await deployment.Status.ShowStepAsync(DeploymentStates.Verifying);
            var verification = await DeploymentVerifier.VerifyAsync(deployment.Deployed.Where(service => !IsDown(service)), deployment.Orchestrator.VerifierAccount, token);
            var seconds = Math.Round(Stopwatch.GetElapsedTime(started).TotalSeconds, 1);
            if (verification.Failed.Count > 0)
            {
                Tell(deployment, LogLevel.Error, $"Redeploy: verification failed: {verification.Summary}");
                await deployment.Status.ShowAsync(new ResourceStateSnapshot(DeploymentStates.Failed, KnownResourceStateStyles.Error),
                    (OrchestratorProperties.Verification, verification.Summary), (OrchestratorProperties.FailureReason, $"verification failed after redeploy: {verification.Summary}"));
                return Record("redeploy-failed", false, $"verification failed: {verification.Summary}", restarted);
            }

            await SaveKnownGoodAsync(deployment);
            var detail = $"restarted {restarted.Count} services in {phases.Length} phases in {seconds} s; {verification.Summary}";
            Tell(deployment, LogLevel.Information, $"Redeployed: {detail}");
            await deployment.Status.ShowRunningAsync((OrchestratorProperties.Verification, verification.Summary), (OrchestratorProperties.LastUpdate, $"{DateTimeOffset.UtcNow:HH:mm:ss} redeployed: {detail}"));
            return Record("redeployed", true, detail, restarted);
        }, cancellationToken))!;
}
