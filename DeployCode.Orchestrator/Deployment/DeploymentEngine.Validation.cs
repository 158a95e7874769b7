using Aspire.Hosting.ApplicationModel;
using DeployCode.Orchestrator.Configuration;
using DeployCode.Orchestrator.Planning;
using Microsoft.Extensions.Logging;
using DeployCode.Orchestrator.Model;

namespace DeployCode.Orchestrator.Deployment;

// Validating: the configuration against the model; an invalid one starts nothing.
internal sealed partial class DeploymentEngine
{
    /// <summary>Stops the run before anything starts when the configuration does not fit the model, naming every problem.</summary>
    private async Task ValidateAsync(OrchestratorResource orchestrator, DistributedApplicationModel model)
    {
        await Status.ShowStepAsync(DeploymentStates.Validating);

        var problems = ConfigurationValidator.Validate(orchestrator.Settings, DependencyGraph.FromModel(model.Resources), Networking.PlatformPorts.Of(model.Resources));
        if (problems.Count == 0)
        {
            return;
        }

        // The engine says it and shows it, as for any operation that cannot go on.
        throw new DeployCodeConfigurationException(problems);
    }
}
