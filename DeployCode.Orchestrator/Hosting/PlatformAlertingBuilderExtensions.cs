using Aspire.Hosting.ApplicationModel;
using DeployCode.Orchestrator;
using DeployCode.Orchestrator.Monitoring;
using DeployCode.Orchestrator.Runtime;

namespace Aspire.Hosting;

/// <summary>Alertmanager: where what Prometheus's rules fire goes, and from there to someone.</summary>
public static class PlatformAlertingBuilderExtensions
{
    /// <summary>Alertmanager image, as its project tags releases.</summary>
    internal const string AlertmanagerImage = "prom/alertmanager:v0.28.1";

    // Alone, not one of a cluster: otherwise it also listens for peers on 9094.
    private static readonly string[] s_standalone = ["--cluster.listen-address="];

    /// <summary>
    /// Adds Alertmanager on 9093, which Prometheus (<c>AddPlatformPrometheus</c>) sends its alerts to. It sends them
    /// on to the webhook of <c>DeployCode:Alerts:WebhookUrl</c>, grouped by rule and component, gathered for
    /// <c>DeployCode:Alerts:GroupWaitSeconds</c> (30 s by default); without one it keeps them, on its own page. The
    /// configuration is written at each start. Container mode: the official image with a data volume; process mode:
    /// the machine's <c>prometheus-alertmanager</c> (Debian's package).
    /// </summary>
    public static IResourceBuilder<IResourceWithEndpoints> AddPlatformAlertmanager(this IDistributedApplicationBuilder builder, [ResourceName] string name, int port = 9093)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(name);

        var deployCode = builder.GetDeployCode();
        var folder = deployCode.StateDirectoryFor(name);
        var configurationFile = Path.Combine(folder, AlertmanagerConfiguration.FileName);
        const string imageConfiguration = "/etc/alertmanager/" + AlertmanagerConfiguration.FileName;
        IResourceBuilder<IResourceWithEndpoints> alertmanager;
        if (deployCode.Runtime.Mode == RuntimeMode.Container)
        {
            var (image, tag) = PlatformMonitoringBuilderExtensions.ImageParts(AlertmanagerImage);
            // The image runs as nobody:nogroup, as the official one does.
            var container = builder.AddContainer(name, image, tag).WithPlatformImage().WithPlatformContainerUser(65534, 65534)
                .WithVolume(deployCode.VolumeName(name), "/alertmanager")
                .WithArgs([$"--config.file={imageConfiguration}", "--storage.path=/alertmanager", .. s_standalone]);
            if (builder.ExecutionContext.IsPublishMode)
            {
                container.WithAnnotation(new PlatformFileAnnotation(AlertmanagerConfiguration.FileName, imageConfiguration, _ => Configuration(deployCode)));
            }
            else
            {
                container.WithBindMount(configurationFile, imageConfiguration, isReadOnly: true);
            }

            container.WithHttpEndpoint(port: container.AssignPlatformPort(port), targetPort: PlatformAlertmanagerAnnotation.ContainerPort);
            alertmanager = container;
        }
        else
        {
            var executable = builder.AddExecutable(name, deployCode.Binaries!.RequireAlertmanager(), folder);
            var listenPort = executable.AssignPlatformPort(port);
            executable
                .WithHttpEndpoint(port: listenPort, isProxied: false)
                .WithArgs([$"--config.file={configurationFile}", $"--storage.path={Path.Combine(folder, "data")}", $"--web.listen-address=localhost:{listenPort}", .. s_standalone]);
            alertmanager = executable;
        }

        return alertmanager
            .WithAnnotation(new PlatformAlertmanagerAnnotation(), ResourceAnnotationMutationBehavior.Replace)
            .AsOptionalPlatformComponent()
            .WithPlatformHttpHealthCheck("/-/healthy")
            .WithIconName("AlertUrgent")
            .OnBeforeResourceStarted(async (_, _, cancellationToken) =>
            {
                Directory.CreateDirectory(folder);
                await File.WriteAllTextAsync(configurationFile, Configuration(deployCode), cancellationToken);
            });
    }

    /// <summary>
    /// Alertmanager as Prometheus reaches it, when the model has one: on this machine's loopback when both run as
    /// processes, by its name on the containers' network (Aspire's, or a published artifact's) otherwise.
    /// </summary>
    internal static string? AlertmanagerTarget(IEnumerable<IResource> resources, bool byName)
    {
        var alertmanager = resources.FirstOrDefault(resource => resource.Annotations.OfType<PlatformAlertmanagerAnnotation>().Any());
        return alertmanager is null ? null
            : byName ? $"{alertmanager.Name}:{PlatformAlertmanagerAnnotation.ContainerPort}"
            : $"localhost:{alertmanager.Annotations.OfType<PlatformPortAnnotation>().Last().LocalPort}";
    }

    private static string Configuration(OrchestratorResource deployCode) =>
        AlertmanagerConfiguration.Build(deployCode.Settings.Alerts.WebhookUrl, deployCode.Settings.Alerts.GroupWait, deployCode.Settings.Alerts.GroupInterval);
}
