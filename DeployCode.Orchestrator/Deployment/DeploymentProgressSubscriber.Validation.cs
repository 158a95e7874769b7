using Aspire.Hosting.ApplicationModel;
using DeployCode.Orchestrator.Configuration;
using DeployCode.Orchestrator.Planning;
using Microsoft.Extensions.Logging;
using DeployCode.Orchestrator.Model;

namespace DeployCode.Orchestrator.Deployment;

// Validating: the configuration against the model; an invalid one starts nothing.
internal sealed partial class DeploymentProgressSubscriber
{
    /// <summary>Stops the run before anything starts when the configuration does not fit the model, naming every problem.</summary>
    private async Task ValidateAsync(OrchestratorResource orchestrator, DistributedApplicationModel model, DeploymentLog log)
    {
        await ShowStepAsync(orchestrator, DeploymentStates.Validating);

        var problems = ConfigurationValidator.Validate(orchestrator.Settings, DependencyGraph.FromModel(model.Resources), Networking.PlatformPorts.Of(model.Resources));
        if (problems.Count == 0)
        {
            return;
        }

        var message = DeployCodeConfigurationException.Describe(problems);
        log.LogError("{Message}", message);
        await Status(orchestrator).FailAsync(message);
        throw new DeployCodeConfigurationException(problems);
    }
}
