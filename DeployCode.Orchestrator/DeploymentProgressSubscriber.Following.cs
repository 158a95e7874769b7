using System.Collections.Concurrent;
using System.Diagnostics;
using Aspire.Hosting.ApplicationModel;
using DeployCode.Orchestrator.Health;
using DeployCode.Orchestrator.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DeployCode.Orchestrator;

// Deploying phase k/n, Verifying, Running: following the run once DCP starts it.
internal sealed partial class DeploymentProgressSubscriber
{
    /// <summary>
    /// Shows "Deploying phase k/n" as the phases become healthy (seen by the health gate's fast probes, or
    /// Aspire's checks when the gate is off), then verifies, then Running; records the durations and the trace.
    /// </summary>
    private async Task FollowDeploymentAsync(OrchestratorResource orchestrator, DistributedApplicationModel model, ILogger log, Planning.DeploymentPlan plan, string[][] phases, long started, DeploymentTrace trace)
    {
        var platform = phases.SelectMany(phase => phase).ToArray();
        var starts = new ConcurrentDictionary<string, long>(StringComparer.Ordinal);
        using var stopWatching = CancellationTokenSource.CreateLinkedTokenSource(lifetime.ApplicationStopping);
        _ = Task.Run(() => RecordStartsAsync(platform, starts, stopWatching.Token), CancellationToken.None);

        VerificationResult verification;
        try
        {
            var phaseStarted = started;
            for (var phase = 0; phase < phases.Length; phase++)
            {
                var label = $"{DeploymentStates.Deploying} phase {phase + 1}/{phases.Length}";
                await ShowStepAsync(orchestrator, label);
                var span = trace.Phase(phase + 1, phases.Length, phases[phase], phaseStarted);
                var ready = await Task.WhenAll(phases[phase].Select(name => WhenReadyAsync(model, name)));

                var phaseEnded = ready.Max();
                metrics.RecordPhase(phase + 1, phases[phase], Stopwatch.GetElapsedTime(phaseStarted, phaseEnded));
                for (var index = 0; index < phases[phase].Length; index++)
                {
                    var name = phases[phase][index];
                    registry.MarkHealthy(name);
                    var gate = Gate?.Records.FirstOrDefault(record => record.ResourceName == name);
                    trace.Service(span, name, starts.GetValueOrDefault(name, phaseStarted), ready[index], gate);
                }

                trace.End(span, phaseEnded);
                phaseStarted = phaseEnded;
            }

            await ShowStepAsync(orchestrator, DeploymentStates.Verifying);
            using (trace.Step("verify"))
            {
                verification = await DeploymentVerifier.VerifyAsync(model.Resources.Where(resource => platform.Contains(resource.Name)), orchestrator.VerifierAccount, lifetime.ApplicationStopping);
            }
        }
        catch (OperationCanceledException)
        {
            trace.Finish("Stopped");
            return;
        }
        finally
        {
            await stopWatching.CancelAsync();
        }

        Supervise(orchestrator, model, plan, platform);
        foreach (var target in new[] { logger, log })
        {
            target.Log(verification.Failed.Count == 0 ? LogLevel.Information : LogLevel.Error, "Verification: {Summary}", verification.Summary);
        }

        if (verification.Failed.Count > 0)
        {
            trace.Finish(DeploymentStates.Failed, $"verification failed: {verification.Summary}");
            await notifications.PublishUpdateAsync(orchestrator, snapshot => snapshot with
            {
                State = new ResourceStateSnapshot(DeploymentStates.Failed, KnownResourceStateStyles.Error),
                Properties = snapshot.Properties
                    .With(OrchestratorProperties.Verification, verification.Summary)
                    .With(OrchestratorProperties.FailureReason, $"verification failed: {verification.Summary}"),
            });
            return;
        }

        var elapsed = Stopwatch.GetElapsedTime(started);
        metrics.RecordDeployment(elapsed);
        // What a rollback returns to: this configuration deployed, became healthy and passed verification.
        await Recovery.KnownGoodConfiguration.SaveAsync(orchestrator.StateDirectoryFor("deploy-code"), orchestrator.ConfiguredSettings, DateTimeOffset.UtcNow, CancellationToken.None);
        trace.Finish(DeploymentStates.Running);
        var seconds = Math.Round(elapsed.TotalSeconds, 1);
        var held = orchestrator.Allocation?.Held.Count() ?? 0;
        log.LogInformation("CODE platform healthy: {Count} resources in {Seconds} s", platform.Length, seconds);
        logger.LogInformation("CODE platform healthy: {Count} resources in {Seconds} s", platform.Length, seconds);
        await notifications.PublishUpdateAsync(orchestrator, snapshot => snapshot with
        {
            State = DeploymentStates.RunningState(held),
            Properties = snapshot.Properties
                .With(OrchestratorProperties.HealthyAfterSeconds, seconds)
                .With(OrchestratorProperties.Verification, verification.Summary),
        });
    }

    /// <summary>
    /// From here on every deployed component is watched, and recovered when it fails; configuration changes,
    /// rollbacks and redeploys are taken in hand.
    /// </summary>
    private void Supervise(OrchestratorResource orchestrator, DistributedApplicationModel model, Planning.DeploymentPlan plan, string[] platform)
    {
        var graph = Planning.DependencyGraph.FromModel(model.Resources.Where(resource => resource is not UnavailableResource));
        var deployed = model.Resources.Where(resource => platform.Contains(resource.Name)).ToArray();
        services.GetRequiredService<Updates.DeploymentController>().Attach(orchestrator, model, plan, graph, deployed);
        var supervisor = services.GetRequiredService<Recovery.ServiceSupervisor>();
        _ = Task.Run(() => supervisor.SuperviseAsync(deployed, graph, lifetime.ApplicationStopping), CancellationToken.None);
        logger.LogDebug("Supervising {Count} components for {Orchestrator}", deployed.Length, orchestrator.Name);
    }

    /// <summary>When a component was seen ready: by the gate's fast probes, or by Aspire when the gate is off.</summary>
    private async Task<long> WhenReadyAsync(DistributedApplicationModel model, string name)
    {
        if (Gate is { } gate)
        {
            return await gate.WhenReadyAsync(model.Resources.Single(resource => resource.Name == name), lifetime.ApplicationStopping);
        }

        await notifications.WaitForResourceHealthyAsync(name, WaitBehavior.WaitOnResourceUnavailable, lifetime.ApplicationStopping);
        return Stopwatch.GetTimestamp();
    }

    // The first moment each component left NotStarted (Waiting, Starting or Running): its span's start.
    private async Task RecordStartsAsync(string[] platform, ConcurrentDictionary<string, long> starts, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var update in notifications.WatchAsync(cancellationToken))
            {
                if (platform.Contains(update.Resource.Name) &&
                    update.Snapshot.State?.Text is { } state &&
                    (state == KnownResourceStates.Waiting || state == KnownResourceStates.Starting || state == KnownResourceStates.Running))
                {
                    starts.TryAdd(update.Resource.Name, Stopwatch.GetTimestamp());
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
