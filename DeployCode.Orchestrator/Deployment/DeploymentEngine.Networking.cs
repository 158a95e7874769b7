using System.Globalization;
using System.Text;
using Aspire.Hosting.ApplicationModel;
using DeployCode.Orchestrator.Networking;
using Microsoft.Extensions.Logging;
using DeployCode.Orchestrator.Model;
using DeployCode.Orchestrator.Planning;

namespace DeployCode.Orchestrator.Deployment;

// Networking: every component's port, checked once more just before anything binds.
internal sealed partial class DeploymentEngine
{
    /// <summary>
    /// Logs the port table (platform port, the port used here, the ports manifests publish) and warns about a
    /// port that another process took since the model was built: that component will fail to bind.
    /// </summary>
    private async Task ConfigureNetworkAsync(OrchestratorResource orchestrator, DistributedApplicationModel model)
    {
        await Status.ShowStepAsync(DeploymentStates.Networking);

        var table = new StringBuilder("| component | platform port | here | published |").AppendLine().AppendLine("|---|---|---|---|");
        var takenSince = new List<string>();
        foreach (var resource in model.Resources.Where(PlatformComponents.RunsHere).OrderBy(resource => resource.Name, StringComparer.Ordinal))
        {
            if (resource.Annotations.OfType<PlatformPortAnnotation>().LastOrDefault() is not { } ports)
            {
                continue;
            }

            table.AppendLine(CultureInfo.InvariantCulture, $"| {resource.Name} | {ports.PlatformPort} | {ports.LocalPort} | {string.Join(", ", ports.PublishedPorts)} |");
            if (orchestrator.Runtime.Mode == Runtime.RuntimeMode.Process && !PlatformPortAllocator.IsFreeOnLoopback(ports.LocalPort))
            {
                takenSince.Add($"{resource.Name} port {ports.LocalPort}");
            }
        }

        Log.LogInformation("Ports (orchestrator metrics and registry on {TelemetryPort}):{NewLine}{Table}", orchestrator.TelemetryPort, Environment.NewLine, table);
        foreach (var taken in takenSince)
        {
            Log.LogWarning("{Port} was free when the model was built and is taken now; that component will fail to listen. Stop the other process or restart the AppHost to get another port.", taken);
        }
    }
}
