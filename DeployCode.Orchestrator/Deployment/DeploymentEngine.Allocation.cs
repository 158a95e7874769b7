using Aspire.Hosting.ApplicationModel;
using DeployCode.Orchestrator.Planning;
using DeployCode.Orchestrator.Resources;
using Microsoft.Extensions.Logging;
using DeployCode.Orchestrator.Model;

namespace DeployCode.Orchestrator.Deployment;

// Allocating: the machine shared out; what does not fit is held.
internal sealed partial class DeploymentEngine
{
    /// <summary>
    /// Shares the machine out; what does not fit is held before it starts (not started, its state saying why)
    /// along with everything that waits on it, while the rest of the platform comes up.
    /// </summary>
    private async Task AllocateAsync(OrchestratorResource orchestrator, DistributedApplicationModel model, DeploymentPlan plan)
    {
        await Status.ShowStepAsync(DeploymentStates.Allocating);

        var settings = orchestrator.Settings;
        var allocation = DeploymentSteps.Allocate(orchestrator, plan, model.Resources, settings);
        orchestrator.Allocation = allocation;

        Log.LogInformation("Budget ({Profile} profile, {Buffer}% buffer):{NewLine}{Table}", settings.Profile, settings.BufferPercent, Environment.NewLine, BudgetReport.ToTable(allocation));
        foreach (var component in allocation.Components)
        {
            foreach (var warning in component.Warnings)
            {
                Log.LogWarning("{Warning}", warning);
            }

            if (component.Reason is not null)
            {
                Log.LogWarning("{Component} is {Status}: {Reason}", component.Name, component.Status == AllocationStatus.Held ? "held" : "over budget", component.Reason);
            }
        }

        var heldNames = allocation.Held.Select(held => held.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var resource in model.Resources.Where(resource => !heldNames.Contains(resource.Name)))
        {
            foreach (var preparation in resource.Annotations.OfType<PlatformStartPreparationAnnotation>())
            {
                preparation.BeginEarly(services, lifetime.ApplicationStopping);
            }
        }

        foreach (var held in allocation.Held)
        {
            var resource = model.Resources.Single(candidate => candidate.Name == held.Name);

            // Not started unless someone starts it from the dashboard; what waits for it keeps waiting.
            resource.Annotations.Add(new ExplicitStartupAnnotation());
            resource.Annotations.Add(new HeldByBudgetAnnotation());
            resourceLoggers.GetLogger(resource).LogWarning("Held by the Deploy-Code budget: {Reason}", held.Reason);
            _ = Task.Run(() => ShowHeldAsync(resource, held.Reason!), CancellationToken.None);
        }

        await Status.ShowPropertiesAsync(
            (OrchestratorProperties.Budget, BudgetReport.Summary(allocation)),
            (OrchestratorProperties.Held, allocation.Held.Any() ? string.Join("; ", allocation.Held.Select(held => held.Reason)) : "none"));
    }

    // DCP shows a resource that is not started as NotStarted once it has read the model, and may say so again later;
    // the reason it is held goes over that each time, so the dashboard says why until someone starts it.
    private async Task ShowHeldAsync(IResource resource, string reason)
    {
        try
        {
            await foreach (var update in notifications.WatchAsync(lifetime.ApplicationStopping))
            {
                var state = update.Resource.Name == resource.Name ? update.Snapshot.State?.Text : null;
                if (state == KnownResourceStates.NotStarted)
                {
                    await notifications.PublishUpdateAsync(resource, snapshot => snapshot with
                    {
                        State = new ResourceStateSnapshot(DeploymentStates.Held, KnownResourceStateStyles.Warn),
                        Properties = snapshot.Properties.With(OrchestratorProperties.HeldReason, reason),
                    });
                }
                else if (state is not null && state != DeploymentStates.Held)
                {
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
