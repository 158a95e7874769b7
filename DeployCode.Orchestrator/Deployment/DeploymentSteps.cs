using Aspire.Hosting.ApplicationModel;
using DeployCode.Orchestrator.Configuration;
using DeployCode.Orchestrator.Model;
using DeployCode.Orchestrator.Planning;
using DeployCode.Orchestrator.Resources;

namespace DeployCode.Orchestrator.Deployment;

/// <summary>The steps the first deployment and every later change (live settings, Roll back) take alike.</summary>
internal static class DeploymentSteps
{
    /// <summary>
    /// The machine shared out among <paramref name="resources"/> under <paramref name="settings"/>: each component's budget
    /// (the model's, with configuration over it), what fits, and what is held with the reason.
    /// </summary>
    public static BudgetAllocation Allocate(OrchestratorResource orchestrator, DeploymentPlan plan, IEnumerable<IResource> resources, DeployCodeSettings settings) =>
        BudgetAllocator.Allocate(plan, ComponentBudgets.Of(settings, resources), HostCapacity.Discover(orchestrator.StateDirectory, orchestrator.HostGpus),
            settings.BufferPercent, settings.Enforce);
}
