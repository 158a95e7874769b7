using System.Diagnostics;
using Aspire.Hosting.ApplicationModel;
using DeployCode.Orchestrator.Health;
using Microsoft.Extensions.Logging;

namespace DeployCode.Orchestrator;

// Deploying phase k/n, Verifying, Running: following the run once DCP starts it.
internal sealed partial class DeploymentProgressSubscriber
{
    /// <summary>Shows "Deploying phase k/n" as the phases become healthy, then verifies, then Running.</summary>
    private async Task FollowDeploymentAsync(OrchestratorResource orchestrator, DistributedApplicationModel model, ILogger log, string[][] phases, Stopwatch clock)
    {
        var platform = phases.SelectMany(phase => phase).ToArray();
        VerificationResult verification;
        try
        {
            for (var phase = 0; phase < phases.Length; phase++)
            {
                var label = $"{DeploymentStates.Deploying} phase {phase + 1}/{phases.Length}";
                await notifications.PublishUpdateAsync(orchestrator, snapshot => snapshot with { State = new ResourceStateSnapshot(label, KnownResourceStateStyles.Info) });
                await Task.WhenAll(phases[phase].Select(name => notifications.WaitForResourceHealthyAsync(name, WaitBehavior.WaitOnResourceUnavailable, lifetime.ApplicationStopping)));
            }

            await notifications.PublishUpdateAsync(orchestrator, snapshot => snapshot with { State = new ResourceStateSnapshot(DeploymentStates.Verifying, KnownResourceStateStyles.Info) });
            verification = await DeploymentVerifier.VerifyAsync(model.Resources.Where(resource => platform.Contains(resource.Name)), lifetime.ApplicationStopping);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        foreach (var target in new[] { logger, log })
        {
            target.Log(verification.Failed.Count == 0 ? LogLevel.Information : LogLevel.Error, "Verification: {Summary}", verification.Summary);
        }

        if (verification.Failed.Count > 0)
        {
            await notifications.PublishUpdateAsync(orchestrator, snapshot => snapshot with
            {
                State = new ResourceStateSnapshot(DeploymentStates.Failed, KnownResourceStateStyles.Error),
                Properties = snapshot.Properties
                    .With(OrchestratorProperties.Verification, verification.Summary)
                    .With(OrchestratorProperties.FailureReason, $"verification failed: {verification.Summary}"),
            });
            return;
        }

        var seconds = Math.Round(clock.Elapsed.TotalSeconds, 1);
        var held = orchestrator.Allocation?.Held.Count() ?? 0;
        log.LogInformation("CODE platform healthy: {Count} resources in {Seconds} s", platform.Length, seconds);
        logger.LogInformation("CODE platform healthy: {Count} resources in {Seconds} s", platform.Length, seconds);
        await notifications.PublishUpdateAsync(orchestrator, snapshot => snapshot with
        {
            State = held == 0
                ? new ResourceStateSnapshot(DeploymentStates.Running, KnownResourceStateStyles.Success)
                : new ResourceStateSnapshot($"{DeploymentStates.Running}, {held} held", KnownResourceStateStyles.Warn),
            Properties = snapshot.Properties
                .With(OrchestratorProperties.HealthyAfterSeconds, seconds)
                .With(OrchestratorProperties.Verification, verification.Summary),
        });
    }
}
