using System.Diagnostics;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using DeployCode.Orchestrator.Health;
using DeployCode.Orchestrator.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using DeployCode.Orchestrator.Model;

namespace DeployCode.Orchestrator.Deployment;

// Deploying phase k/n, Verifying, Running: following the run once DCP starts it.
internal sealed partial class DeploymentEngine
{
    private static readonly TimeSpan PendingReportInterval = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Shows "Deploying phase k/n" as the phases become healthy (seen by the health gate's fast probes, or
    /// Aspire's checks when the gate is off), then verifies, then Running; records the durations and the trace.
    /// </summary>
    /// <returns>The first deployment's record: deployed, or failed with the cause.</returns>
    private async Task<UpdateRecord> FollowDeploymentAsync(OrchestratorResource orchestrator, DistributedApplicationModel model, Preparation preparation)
    {
        var (plan, phases, timeline) = preparation;
        var trace = _trace!;
        var log = Log;
        var started = timeline.DeploymentBegan;
        var platform = phases.SelectMany(phase => phase).ToArray();
        using var stopWatching = CancellationTokenSource.CreateLinkedTokenSource(lifetime.ApplicationStopping);
        _ = Task.Run(() => timeline.FollowAsync(notifications, platform, stopWatching.Token), CancellationToken.None);

        var watch = StartWatchFor(orchestrator);
        // Each component's own checks begin once it is healthy, while the later phases start.
        using var verifier = new DeploymentVerifier(lifetime.ApplicationStopping);
        var outcomes = new Dictionary<string, ComponentOutcome>(StringComparer.Ordinal);
        VerificationResult verification;
        try
        {
            var phaseStarted = started;
            for (var phase = 0; phase < phases.Length; phase++)
            {
                var label = $"{DeploymentStates.Deploying} phase {phase + 1}/{phases.Length}";
                await Status.ShowStepAsync(label);
                var span = trace.Phase(phase + 1, phases.Length, phases[phase], phaseStarted);
                var settling = phases[phase].Select(name => SettleAsync(model, plan, name, outcomes, watch)).ToArray();
                var settled = await WhileLoggingPendingAsync(log, label, phases[phase], settling, watch);

                var phaseEnded = settled.Where(outcome => outcome.IsReady).Select(outcome => outcome.ReadyAt!.Value).DefaultIfEmpty(Stopwatch.GetTimestamp()).Max();
                metrics.RecordPhase(phase + 1, phases[phase], Stopwatch.GetElapsedTime(phaseStarted, phaseEnded));
                foreach (var outcome in settled)
                {
                    outcomes[outcome.Name] = outcome;
                    var entered = timeline.For(outcome.Name).Entered ?? phaseStarted;
                    if (outcome.IsReady)
                    {
                        registry.MarkHealthy(outcome.Name);
                        timeline.For(outcome.Name).MarkHealthy(outcome.ReadyAt!.Value);
                        verifier.Begin(model.Resources.Single(resource => resource.Name == outcome.Name));
                        var gate = Gate?.Records.FirstOrDefault(record => record.ResourceName == outcome.Name);
                        trace.Service(span, outcome.Name, entered, outcome.ReadyAt!.Value, gate);
                    }
                    else
                    {
                        trace.ServiceFailed(span, outcome.Name, entered, outcome.Failure!);
                        await ReportStartFailureAsync(model, log, outcome);
                    }
                }

                trace.End(span, phaseEnded);
                phaseStarted = phaseEnded;
            }

            orchestrator.StartFailures = outcomes.Values.Where(outcome => !outcome.IsReady).ToDictionary(outcome => outcome.Name, outcome => outcome.Failure!, StringComparer.Ordinal);
            await Status.ShowStepAsync(DeploymentStates.Verifying);
            using (trace.Step("verify"))
            {
                timeline.VerificationBegan = Stopwatch.GetTimestamp();
                verification = await verifier.FinishAsync(model.Resources.Where(resource => outcomes.GetValueOrDefault(resource.Name)?.IsReady == true), orchestrator.VerifierAccount);
                timeline.VerificationEnded = Stopwatch.GetTimestamp();
            }
        }
        finally
        {
            await stopWatching.CancelAsync();
        }

        Supervise(orchestrator, model, plan, [.. platform.Where(name => outcomes[name].IsReady)]);
        log.Log(verification.Failed.Count == 0 ? LogLevel.Information : LogLevel.Error, "Verification: {Summary}", verification.Summary);

        var failures = string.Join("; ", orchestrator.StartFailures.Select(failure => $"{failure.Key}: {failure.Value}"));
        var requiredFailed = orchestrator.StartFailures.Keys.Where(name => !model.Resources.Single(resource => resource.Name == name).IsOptionalPlatformComponent()).ToArray();
        if (verification.Failed.Count > 0 || requiredFailed.Length > 0)
        {
            var reason = requiredFailed.Length > 0
                ? $"{string.Join(", ", requiredFailed)} did not start, and the platform cannot run without {(requiredFailed.Length == 1 ? "it" : "them")}: {failures}"
                : $"verification failed: {verification.Summary}";
            return await EndAsync(new Ending(UpdateKinds.Failed, false, reason, [], $"Deployment failed: {reason}", Shown.Failed)
            {
                Properties = [(OrchestratorProperties.Verification, verification.Summary), (OrchestratorProperties.Failed, failures.Length == 0 ? "none" : failures)],
            });
        }

        var elapsed = Stopwatch.GetElapsedTime(started);
        metrics.RecordDeployment(elapsed);
        await SaveKnownGoodAsync(orchestrator);
        var seconds = Math.Round(elapsed.TotalSeconds, 1);
        var healthy = platform.Length - orchestrator.StartFailures.Count;
        var breakdown = StartupBreakdown.From(timeline, phases, plan.Graph.DependsOn, Gate?.Records ?? []).Render();
        // Before the line that says the platform is up, so that whoever waits for that line has the breakdown too.
        log.LogInformation("{Breakdown}", breakdown);
        var said = orchestrator.StartFailures.Count == 0
            ? $"{orchestrator.Platform.Display} healthy: {healthy} resources in {seconds} s"
            : $"{orchestrator.Platform.Display} running: {healthy} resources healthy in {seconds} s, {orchestrator.StartFailures.Count} failed (the platform runs without them): {failures}";
        return await EndAsync(new Ending(UpdateKinds.Deployed, true, $"{said}; {verification.Summary}", [], said, Shown.Running)
        {
            Level = orchestrator.StartFailures.Count == 0 ? LogLevel.Information : LogLevel.Warning,
            Properties =
            [
                (OrchestratorProperties.HealthyAfterSeconds, seconds),
                (OrchestratorProperties.Failed, failures.Length == 0 ? "none" : failures),
                (OrchestratorProperties.Verification, verification.Summary),
            ],
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
        _deployment = new Deployment(orchestrator, model, plan, graph, Networking.PlatformPorts.Of(model.Resources), deployed);
        supervisor.GaveUp = RollBackAfterFailureAsync;
        supervisor.ServingReplica = service => orchestrator.ActiveReplicas.GetValueOrDefault(service, service);
        WatchConfiguration();
        _ = Task.Run(() => supervisor.SuperviseAsync(deployed, graph, lifetime.ApplicationStopping), CancellationToken.None);
        logger.LogDebug("Supervising {Count} components for {Orchestrator}", deployed.Length, orchestrator.Name);
    }

    private StartWatch StartWatchFor(OrchestratorResource orchestrator)
    {
        var engine = orchestrator.Runtime.Mode == Runtime.RuntimeMode.Container && orchestrator.Runtime.Engine is { } name
            ? Runtime.BinaryLocator.FromEnvironment().Find(name) ?? name
            : null;
        return new StartWatch(notifications, new StartFailureCause(engine, TimeSpan.FromSeconds(60)), orchestrator.Options.Recovery.StartTimeout);
    }

    /// <summary>
    /// How a component's start ends: ready (seen by the health gate's fast probes, or by Aspire when the gate is
    /// off), failed, or not started because something it waits for failed (earlier phases have all settled).
    /// </summary>
    private Task<ComponentOutcome> SettleAsync(DistributedApplicationModel model, Planning.DeploymentPlan plan, string name, IReadOnlyDictionary<string, ComponentOutcome> earlier, StartWatch watch)
    {
        var failedDependencies = plan.Graph.DependsOn.GetValueOrDefault(name)?.Where(dependency => earlier.GetValueOrDefault(dependency)?.IsReady == false).ToArray() ?? [];
        if (failedDependencies.Length > 0)
        {
            return Task.FromResult(ComponentOutcome.Failed(name, $"not started: it waits for {string.Join(" and ", failedDependencies)}, which did not start"));
        }

        var resource = model.Resources.Single(resource => resource.Name == name);
        return watch.WatchAsync(resource, async cancellationToken =>
        {
            if (Gate is { } gate)
            {
                return await gate.WhenReadyAsync(resource, cancellationToken);
            }

            await notifications.WaitForResourceHealthyAsync(name, WaitBehavior.WaitOnResourceUnavailable, cancellationToken);
            return Stopwatch.GetTimestamp();
        }, lifetime.ApplicationStopping);
    }

    /// <summary>Waits for a phase to settle, saying every half minute what it still waits for and in which state.</summary>
    private static async Task<ComponentOutcome[]> WhileLoggingPendingAsync(DeploymentLog log, string label, string[] names, Task<ComponentOutcome>[] settling, StartWatch watch)
    {
        var all = Task.WhenAll(settling);
        var since = Stopwatch.GetTimestamp();
        while (await Task.WhenAny(all, Task.Delay(PendingReportInterval)) != all)
        {
            var pending = names.Where((_, index) => !settling[index].IsCompleted).Select(name => $"{name} ({watch.Describe(name)})");
            log.Console.LogInformation("{Label}: after {Seconds} s still waiting for {Pending}", label, StartWatch.SecondsSince(since), string.Join(", ", pending));
        }

        return await all;
    }

    /// <summary>Names the component that did not start with its cause: in the log, on its own log and on the component.</summary>
    private async Task ReportStartFailureAsync(DistributedApplicationModel model, DeploymentLog log, ComponentOutcome outcome)
    {
        var resource = model.Resources.Single(resource => resource.Name == outcome.Name);
        var level = resource.IsOptionalPlatformComponent() ? LogLevel.Warning : LogLevel.Error;
        log.Log(level, "{Component}: {Cause}", outcome.Name, outcome.Failure);
        resourceLoggers.GetLogger(resource).Log(level, "{Component}: {Cause}", outcome.Name, outcome.Failure);

        registry.Update(outcome.Name, entry => entry with { Health = "Failed", Failure = outcome.Failure });
        await notifications.PublishUpdateAsync(resource, snapshot => snapshot with
        {
            Properties = snapshot.Properties.With(OrchestratorProperties.FailureReason, outcome.Failure!),
        });
    }
}
