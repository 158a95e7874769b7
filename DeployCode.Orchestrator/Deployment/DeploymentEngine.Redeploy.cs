using System.Diagnostics;
using Aspire.Hosting.ApplicationModel;
using DeployCode.Orchestrator.Health;
using Microsoft.Extensions.Logging;
using DeployCode.Orchestrator.Model;

namespace DeployCode.Orchestrator.Deployment;

// Redeploy: every deployed service restarted phase by phase, gated on health, then verified.
internal sealed partial class DeploymentEngine
{
    /// <summary>
    /// The Redeploy command: takes up the configuration as it is now (refused, with nothing touched, when
    /// invalid; left aside when it is the change last rolled back), restarts every deployed service phase by phase (a phase's services together, each gated on
    /// health), verifies, and saves the configuration as known-good. A service that does not come back is
    /// rolled back as after any failure.
    /// </summary>
    public async Task<UpdateRecord> RedeployAsync(CancellationToken cancellationToken) =>
        (await RunAsync("Redeploy", "redeploy", async token =>
        {
            var deployment = Current;
            if (UnreadableSettingsFile() is { } unreadable)
            {
                return await EndAsync(new Ending(UpdateKinds.Refused, false, unreadable, [], $"Redeploy refused: {unreadable}; fix the file and save it again", Shown.Unchanged));
            }

            var started = Stopwatch.GetTimestamp();
            var (flat, edited, change) = ReadEdit(deployment);
            if (!change.IsEmpty && SameSettings(flat, _rolledBackFrom))
            {
                Log.LogWarning("{Message}", $"The settings file still holds the change that was rolled back ({string.Join(", ", change.ChangedKeys)}); redeploying the running configuration");
            }
            else if (!change.IsEmpty)
            {
                var (problems, allocation) = Check(deployment, edited, change);
                if (problems.Count > 0)
                {
                    return await RefuseAsync(change, problems);
                }

                Apply(edited, flat, allocation!);
                _rolledBackFrom = null;
                Log.LogInformation("{Message}", $"Redeploy takes up the configuration change: {string.Join(", ", change.ChangedKeys)}");
            }

            var phases = deployment.Plan.Phases.Select(phase => deployment.InDependencyOrder(phase)).Where(phase => phase.Count > 0).ToArray();
            var restarted = new List<string>();
            for (var index = 0; index < phases.Length; index++)
            {
                await Status.ShowStepAsync($"{DeploymentStates.Redeploying} phase {index + 1}/{phases.Length}");
                Log.LogInformation("{Message}", $"Redeploy phase {index + 1}/{phases.Length}: {string.Join(", ", phases[index].Select(service => service.Name))}");
                var failures = await Task.WhenAll(phases[index].Select(service => supervisor.RestartGatedAsync(service, "redeploy", token)));
                restarted.AddRange(phases[index].Select(service => service.Name));
                var failed = phases[index].Zip(failures).FirstOrDefault(pair => pair.Second is not null);
                if (failed.First is { } broken)
                {
                    _ = Task.Run(() => RollBackAfterFailureAsync(broken, $"it did not come back healthy when redeployed ({failed.Second})"), CancellationToken.None);
                    var cause = $"{broken.Name} did not come back healthy: {failed.Second}; rolling back";
                    return await EndAsync(new Ending(UpdateKinds.RedeployFailed, false, cause, restarted, $"Redeploy: {cause}", Shown.Unchanged));
                }
            }

            await Status.ShowStepAsync(DeploymentStates.Verifying);
            var verification = await DeploymentVerifier.VerifyAsync(deployment.Deployed.Where(service => !IsDown(service)), deployment.Orchestrator.VerifierAccount, token);
            var seconds = Math.Round(Stopwatch.GetElapsedTime(started).TotalSeconds, 1);
            if (verification.Failed.Count > 0)
            {
                return await EndAsync(new Ending(UpdateKinds.RedeployFailed, false, $"verification failed after redeploy: {verification.Summary}", restarted, $"Redeploy: verification failed: {verification.Summary}", Shown.Failed)
                {
                    Properties = [(OrchestratorProperties.Verification, verification.Summary)],
                });
            }

            await SaveKnownGoodAsync(deployment.Orchestrator);
            var detail = $"restarted {restarted.Count} services in {phases.Length} phases in {seconds} s; {verification.Summary}";
            return await EndAsync(new Ending(UpdateKinds.Redeployed, true, detail, restarted, $"Redeployed: {detail}", Shown.Running)
            {
                Properties = [(OrchestratorProperties.Verification, verification.Summary)],
            });
        }, cancellationToken))!;
}
