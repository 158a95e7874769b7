using System.Diagnostics;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Eventing;
using Aspire.Hosting.Lifecycle;
using DeployCode.Orchestrator.Configuration;
using DeployCode.Orchestrator.Health;
using DeployCode.Orchestrator.Planning;
using DeployCode.Orchestrator.Resources;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DeployCode.Orchestrator;

/// <summary>
/// Reports the run mode and port reassignments when the run starts, then moves the orchestrator to
/// Running once every platform resource that runs on this machine is healthy.
/// </summary>
internal sealed class DeploymentProgressSubscriber(
    ResourceNotificationService notifications,
    ResourceLoggerService resourceLoggers,
    ILogger<OrchestratorResource> logger,
    IHostApplicationLifetime lifetime) : IDistributedApplicationEventingSubscriber
{
    public Task SubscribeAsync(IDistributedApplicationEventing eventing, DistributedApplicationExecutionContext executionContext, CancellationToken cancellationToken)
    {
        if (executionContext.IsRunMode)
        {
            eventing.Subscribe<BeforeStartEvent>(OnBeforeStartAsync);
        }

        return Task.CompletedTask;
    }

    private async Task OnBeforeStartAsync(BeforeStartEvent @event, CancellationToken cancellationToken)
    {
        var orchestrator = @event.Model.Resources.OfType<OrchestratorResource>().Single();
        var log = resourceLoggers.GetLogger(orchestrator);
        var clock = Stopwatch.StartNew();

        foreach (var target in new[] { logger, log })
        {
            target.LogInformation("Runtime: {Mode} ({Reason}); state folder {StateDirectory}", orchestrator.Runtime.ModeName, orchestrator.Runtime.Reason, orchestrator.StateDirectory);
            foreach (var moved in orchestrator.PortReassignments)
            {
                target.LogWarning("{Resource}: port {Preferred} is in use by another process; listening on {Assigned} instead", moved.ResourceName, moved.PreferredPort, moved.AssignedPort);
            }
        }

        await ValidateAsync(orchestrator, @event.Model, log);
        var plan = await PublishPlanAsync(orchestrator, @event.Model, log);
        await AllocateAsync(orchestrator, @event.Model, plan, log);

        var reassignments = string.Join(", ", orchestrator.PortReassignments.Select(moved => $"{moved.ResourceName} {moved.PreferredPort}→{moved.AssignedPort}"));
        await notifications.PublishUpdateAsync(orchestrator, snapshot => snapshot with
        {
            State = new ResourceStateSnapshot(DeploymentStates.Deploying, KnownResourceStateStyles.Info),
            Properties = snapshot.Properties.With(OrchestratorProperties.PortReassignments, reassignments.Length == 0 ? "none" : reassignments),
        });

        var platform = @event.Model.Resources.Where(PlatformComponents.RunsHere).Select(resource => resource.Name).ToArray();
        var phases = plan.Phases.Select(phase => phase.Where(platform.Contains).ToArray()).Where(phase => phase.Length > 0).ToArray();
        _ = Task.Run(() => FollowDeploymentAsync(orchestrator, @event.Model, log, phases, clock), CancellationToken.None);
    }

    /// <summary>Stops the run before anything starts when the configuration does not fit the model, naming every problem.</summary>
    private async Task ValidateAsync(OrchestratorResource orchestrator, DistributedApplicationModel model, ILogger log)
    {
        await notifications.PublishUpdateAsync(orchestrator, snapshot => snapshot with
        {
            State = new ResourceStateSnapshot(DeploymentStates.Validating, KnownResourceStateStyles.Info),
        });

        var ports = model.Resources
            .Select(resource => (resource.Name, Ports: resource.Annotations.OfType<PlatformPortAnnotation>().LastOrDefault()))
            .Where(entry => entry.Ports is not null)
            .ToDictionary(entry => entry.Name, entry => entry.Ports!.PlatformPort, StringComparer.Ordinal);
        var problems = ConfigurationValidator.Validate(orchestrator.Settings, DependencyGraph.FromModel(model.Resources), ports);
        if (problems.Count == 0)
        {
            return;
        }

        var message = $"The DeployCode configuration has {problems.Count} problem(s); nothing was started:{Environment.NewLine}" +
            string.Join(Environment.NewLine, problems.Select(problem => $"  - {problem}"));
        log.LogError("{Message}", message);
        logger.LogError("{Message}", message);
        await notifications.PublishUpdateAsync(orchestrator, snapshot => snapshot with
        {
            State = new ResourceStateSnapshot(DeploymentStates.Failed, KnownResourceStateStyles.Error),
            Properties = snapshot.Properties.With(OrchestratorProperties.FailureReason, message),
        });
        throw new DeployCodeConfigurationException(message);
    }

    /// <summary>Shows the deployment order: a table in the log, a dashboard property, JSON and Mermaid in the state folder.</summary>
    private async Task<DeploymentPlan> PublishPlanAsync(OrchestratorResource orchestrator, DistributedApplicationModel model, ILogger log)
    {
        var plan = DeploymentPlan.For(DependencyGraph.FromModel(model.Resources.Where(resource => resource is not UnavailableResource)));
        var folder = orchestrator.StateDirectoryFor("deploy-code");
        await File.WriteAllTextAsync(Path.Combine(folder, "deployment-plan.json"), plan.ToJson());
        await File.WriteAllTextAsync(Path.Combine(folder, "deployment-plan.mmd"), plan.ToMermaid());

        foreach (var target in new[] { logger, log })
        {
            target.LogInformation("Deployment plan ({Phases} phases; {Folder}/deployment-plan.json and .mmd):{NewLine}{Table}", plan.Phases.Count, folder, Environment.NewLine, plan.ToTable());
        }
        await notifications.PublishUpdateAsync(orchestrator, snapshot => snapshot with
        {
            Properties = snapshot.Properties.With(OrchestratorProperties.Plan, plan.Summary()),
        });
        return plan;
    }

    /// <summary>
    /// Shares the machine out; what does not fit is held before it starts (not started, its state saying why)
    /// along with everything that waits on it, while the rest of the platform comes up.
    /// </summary>
    private async Task AllocateAsync(OrchestratorResource orchestrator, DistributedApplicationModel model, DeploymentPlan plan, ILogger log)
    {
        await notifications.PublishUpdateAsync(orchestrator, snapshot => snapshot with
        {
            State = new ResourceStateSnapshot(DeploymentStates.Allocating, KnownResourceStateStyles.Info),
        });

        var host = HostCapacity.Discover(orchestrator.StateDirectory, orchestrator.HostGpus);
        var settings = orchestrator.Settings;
        var allocation = BudgetAllocator.Allocate(plan, settings.Services, host, settings.BufferPercent, settings.Enforcement == "enforce");
        orchestrator.Allocation = allocation;

        foreach (var target in new[] { logger, log })
        {
            target.LogInformation("Budget ({Profile} profile, {Buffer}% buffer):{NewLine}{Table}", settings.Profile, settings.BufferPercent, Environment.NewLine, BudgetReport.ToTable(allocation));
            foreach (var component in allocation.Components)
            {
                foreach (var warning in component.Warnings)
                {
                    target.LogWarning("{Warning}", warning);
                }

                if (component.Reason is not null)
                {
                    target.LogWarning("{Component} is {Status}: {Reason}", component.Name, component.Status == AllocationStatus.Held ? "held" : "over budget", component.Reason);
                }
            }
        }

        foreach (var held in allocation.Held)
        {
            var resource = model.Resources.Single(candidate => candidate.Name == held.Name);

            // Not started unless someone starts it from the dashboard; what waits for it keeps waiting.
            resource.Annotations.Add(new ExplicitStartupAnnotation());
            resourceLoggers.GetLogger(resource).LogWarning("Held by the Deploy-Code budget: {Reason}", held.Reason);
            _ = Task.Run(() => ShowHeldAsync(resource, held.Reason!), CancellationToken.None);
        }

        await notifications.PublishUpdateAsync(orchestrator, snapshot => snapshot with
        {
            Properties = snapshot.Properties
                .With(OrchestratorProperties.Budget, BudgetReport.Summary(allocation))
                .With(OrchestratorProperties.Held, allocation.Held.Any() ? string.Join("; ", allocation.Held.Select(held => held.Reason)) : "none"),
        });
    }

    // DCP shows a resource that is not started as NotStarted once it has read the model; the reason it is
    // held goes over that, so the dashboard says why.
    private async Task ShowHeldAsync(IResource resource, string reason)
    {
        try
        {
            await notifications.WaitForResourceAsync(resource.Name, e => e.Snapshot.State?.Text == KnownResourceStates.NotStarted, lifetime.ApplicationStopping);
            await notifications.PublishUpdateAsync(resource, snapshot => snapshot with
            {
                State = new ResourceStateSnapshot(DeploymentStates.Held, KnownResourceStateStyles.Warn),
                Properties = snapshot.Properties.With(OrchestratorProperties.HeldReason, reason),
            });
        }
        catch (OperationCanceledException)
        {
        }
    }

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
