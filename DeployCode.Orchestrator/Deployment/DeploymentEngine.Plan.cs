using Aspire.Hosting.ApplicationModel;
using DeployCode.Orchestrator.Planning;
using Microsoft.Extensions.Logging;
using DeployCode.Orchestrator.Model;

namespace DeployCode.Orchestrator.Deployment;

// Planning: the deployment order, shown in the log, the dashboard and the state folder.
internal sealed partial class DeploymentEngine
{
    /// <summary>Shows the deployment order: a table in the log, a dashboard property, JSON and Mermaid in the state folder.</summary>
    private async Task<DeploymentPlan> PublishPlanAsync(OrchestratorResource orchestrator, DistributedApplicationModel model)
    {
        var plan = DeploymentPlan.For(DependencyGraph.FromModel(model.Resources.Where(resource => resource is not UnavailableResource)));
        var folder = orchestrator.StateDirectoryFor(orchestrator.Name);
        await File.WriteAllTextAsync(Path.Combine(folder, "deployment-plan.json"), plan.ToJson());
        await File.WriteAllTextAsync(Path.Combine(folder, "deployment-plan.mmd"), plan.ToMermaid());

        Log.LogInformation("Deployment plan ({Phases} phases; {Folder}/deployment-plan.json and .mmd):{NewLine}{Table}", plan.Phases.Count, folder, Environment.NewLine, plan.ToTable());
        await Status.ShowPropertiesAsync((OrchestratorProperties.Plan, plan.Summary()));
        return plan;
    }
}
