using DeployCode.Orchestrator.Configuration;
using DeployCode.Orchestrator.Networking;
using DeployCode.Orchestrator.Resources;
using DeployCode.Orchestrator.Runtime;

namespace Aspire.Hosting.ApplicationModel;

/// <summary>
/// The <c>deploy-code</c> resource: it decides how this machine runs the platform and shows the
/// deployment's progress in the dashboard.
/// </summary>
public sealed class OrchestratorResource : Resource
{
    internal OrchestratorResource(
        string name,
        DeployCodeOptions options,
        DeployCodeSettings settings,
        RuntimeSelection runtime,
        string stateDirectory,
        ProcessModeBinaries? binaries,
        int hostGpus,
        PlatformPortAllocator ports) : base(name)
    {
        Options = options;
        Settings = settings;
        Runtime = runtime;
        StateDirectory = stateDirectory;
        Binaries = binaries;
        HostGpus = hostGpus;
        Ports = ports;
        // It runs the deployment; it is not deployed.
        Annotations.Add(new DeployCode.Orchestrator.Planning.NotAComponentAnnotation());
    }

    /// <summary>The bound <c>DeployCode</c> configuration section.</summary>
    internal DeployCodeOptions Options { get; }

    /// <summary>
    /// The budget profile, per-service settings and anything in them that could not be read: as the model was
    /// built, then as each accepted live change or rollback left them.
    /// </summary>
    internal DeployCodeSettings Settings { get; set; }

    /// <summary>The run mode of this run and why it was chosen.</summary>
    internal RuntimeSelection Runtime { get; }

    /// <summary>The folder process-mode infrastructure keeps its data and generated configuration in.</summary>
    internal string StateDirectory { get; }

    /// <summary>GPUs on this machine (configured or discovered).</summary>
    internal int HostGpus { get; }

    /// <summary>Services that could not have their platform port.</summary>
    internal IReadOnlyList<PortReassignment> PortReassignments => Ports.Reassignments;

    /// <summary>How the machine was shared out in this run; set once the run starts.</summary>
    internal BudgetAllocation? Allocation { get; set; }

    internal ProcessModeBinaries? Binaries { get; }

    internal PlatformPortAllocator Ports { get; }

    /// <summary>The <c>DeployCode</c> section as flat keys, as read when the model was built; saved as known-good.</summary>
    internal IReadOnlyDictionary<string, string> ConfiguredSettings { get; set; } = new Dictionary<string, string>();

    /// <summary>Services whose dependents are served by one of their replicas now: service → replica.</summary>
    internal System.Collections.Concurrent.ConcurrentDictionary<string, string> ActiveReplicas { get; } = new(StringComparer.Ordinal);

    /// <summary>Components that could not start in the deployment, each with its cause; empty when everything runs.</summary>
    internal IReadOnlyDictionary<string, string> StartFailures { get; set; } = new Dictionary<string, string>();

    /// <summary>The port of the orchestrator's <c>/metrics</c> and <c>/registry</c> endpoint.</summary>
    internal int TelemetryPort { get; set; }

    /// <summary>The account verification signs in with; null when the AppHost gives none (WithDeploymentVerifierAccount).</summary>
    internal DeployCode.Orchestrator.Model.VerifierAccountAnnotation? VerifierAccount => Annotations.OfType<DeployCode.Orchestrator.Model.VerifierAccountAnnotation>().SingleOrDefault();

    /// <summary>
    /// The named volume a container keeps <paramref name="resourceName"/>'s data in: <c>deploycode-&lt;name&gt;-data</c> in
    /// the artifacts; when run, marked with the state folder as well (<c>deploycode-1a2b3c4d-&lt;name&gt;-data</c>), so
    /// that a deployment's volumes belong to its state folder as its files do, and two state folders never share data.
    /// </summary>
    internal string VolumeName(string resourceName) => VolumeScope is { } scope ? $"deploycode-{scope}-{resourceName}-data" : $"deploycode-{resourceName}-data";

    /// <summary>The state folder's mark on volume names in run mode; null in the artifacts.</summary>
    internal string? VolumeScope { get; init; }

    /// <summary>What the AppHost calls its platform.</summary>
    internal DeployCode.Orchestrator.Model.PlatformName Platform { get; init; } = DeployCode.Orchestrator.Model.PlatformName.Default;

    /// <summary>The folder one resource keeps its files in, created on first use.</summary>
    internal string StateDirectoryFor(string resourceName)
    {
        var folder = Path.Combine(StateDirectory, resourceName);
        Directory.CreateDirectory(folder);
        return folder;
    }
}
