using Aspire.Hosting.ApplicationModel;
using DeployCode.Orchestrator;
using DeployCode.Orchestrator.Monitoring;
using DeployCode.Orchestrator.Runtime;
using Microsoft.Extensions.DependencyInjection;
using DeployCode.Orchestrator.Deployment;

namespace Aspire.Hosting;

/// <summary>The monitoring stack: Prometheus, Grafana and Jaeger.</summary>
public static class PlatformMonitoringBuilderExtensions
{
    /// <summary>Prometheus image (its project tags releases major.minor.patch only).</summary>
    internal const string PrometheusImage = "prom/prometheus:v3.5.0";

    /// <summary>Grafana image.</summary>
    internal const string GrafanaImage = "grafana/grafana:12.1.1";

    /// <summary>Jaeger image (v2: OTLP in, UI on 16686).</summary>
    internal const string JaegerImage = "jaegertracing/jaeger:2.10.0";

    /// <summary>
    /// Adds Prometheus on 9090, scraping the orchestrator's and every platform service's <c>/metrics</c> every
    /// 15 s (<c>DeployCode:Telemetry:ScrapeIntervalSeconds</c>) with 30 days of retention and the platform's alert
    /// rules (the AI cost limit from <c>DeployCode:Alerts:AiCostPerHourUsd</c>); the configuration is generated from the
    /// model at each start. Container mode: the official
    /// image with a data volume; process mode: the machine's <c>prometheus</c>.
    /// </summary>
    public static IResourceBuilder<IResourceWithEndpoints> AddPlatformPrometheus(this IDistributedApplicationBuilder builder, [ResourceName] string name, int port = 9090)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(name);

        var deployCode = builder.GetDeployCode();
        var folder = deployCode.StateDirectoryFor(name);
        var configurationFile = Path.Combine(folder, "prometheus.yml");
        var rulesFile = Path.Combine(folder, AlertRules.FileName);
        string[] retention = [$"--storage.tsdb.retention.time={PrometheusConfiguration.Retention}", "--web.enable-lifecycle"];

        IResourceBuilder<IResourceWithEndpoints> prometheus;
        string targetHost;
        string rulesPath;
        if (deployCode.Runtime.Mode == RuntimeMode.Container)
        {
            var (image, tag) = ImageParts(PrometheusImage);
            // The image runs as nobody:nogroup, as the official one does.
            var container = builder.AddContainer(name, image, tag).WithPlatformImage().WithPlatformContainerUser(65534, 65534)
                .WithVolume(deployCode.VolumeName(name), "/prometheus")
                .WithArgs(["--config.file=/etc/prometheus/prometheus.yml", "--storage.tsdb.path=/prometheus", .. retention]);
            if (builder.ExecutionContext.IsPublishMode)
            {
                // The artifacts carry the files: every service scraped by its name on the artifact's network.
                container
                    .WithAnnotation(new PlatformFileAnnotation("prometheus.yml", "/etc/prometheus/prometheus.yml", model =>
                        PrometheusConfiguration.Build(model.Resources, name, 9090, component => component, new PrometheusExtras
                        {
                            ScrapeIntervalSeconds = PrometheusConfiguration.DefaultScrapeIntervalSeconds,
                            RuleFile = $"/etc/prometheus/{AlertRules.FileName}",
                            Alertmanager = PlatformAlertingBuilderExtensions.AlertmanagerTarget(model.Resources, byName: true),
                        })))
                    .WithAnnotation(new PlatformFileAnnotation(AlertRules.FileName, $"/etc/prometheus/{AlertRules.FileName}", model => AlertRules.Build(deployCode.Settings.AiCostPerHourUsd, AlertRules.DownAlertsOf(model.Resources), deployCode.Platform.Slug, deployCode.Settings.Alerts.ForAtMost)));
            }
            else
            {
                container
                    .WithBindMount(configurationFile, "/etc/prometheus/prometheus.yml", isReadOnly: true)
                    .WithBindMount(rulesFile, $"/etc/prometheus/{AlertRules.FileName}", isReadOnly: true);
            }

            container.WithHttpEndpoint(port: container.AssignPlatformPort(port), targetPort: 9090);
            prometheus = container;
            targetHost = ServiceProcessPolicySubscriber.ContainerHostName;
            rulesPath = $"/etc/prometheus/{AlertRules.FileName}";
        }
        else
        {
            var executable = builder.AddExecutable(name, deployCode.Binaries!.RequirePrometheus(), folder);
            var listenPort = executable.AssignPlatformPort(port);
            executable
                .WithHttpEndpoint(port: listenPort, isProxied: false)
                .WithArgs([$"--config.file={configurationFile}", $"--storage.tsdb.path={Path.Combine(folder, "data")}", $"--web.listen-address=localhost:{listenPort}", .. retention]);
            prometheus = executable;
            targetHost = "localhost";
            rulesPath = rulesFile;
        }

        return prometheus
            .WithAnnotation(new PlatformMetricsScraperAnnotation(), ResourceAnnotationMutationBehavior.Replace)
            .AsOptionalPlatformComponent()
            .WithPlatformHttpHealthCheck("/-/healthy")
            .WithIconName("ChartMultiple")
            .OnBeforeResourceStarted(async (resource, @event, cancellationToken) =>
            {
                var model = @event.Services.GetRequiredService<DistributedApplicationModel>();
                var listening = resource.Annotations.OfType<PlatformPortAnnotation>().Single().LocalPort;
                var yaml = PrometheusConfiguration.Build(model.Resources, resource.Name, deployCode.Runtime.Mode == RuntimeMode.Container ? 9090 : listening, targetHost, new PrometheusExtras
                {
                    Orchestrator = (deployCode.Name, deployCode.TelemetryPort),
                    ScrapeIntervalSeconds = deployCode.Options.Telemetry.ScrapeIntervalSeconds,
                    RuleFile = rulesPath,
                    Alertmanager = PlatformAlertingBuilderExtensions.AlertmanagerTarget(model.Resources, byName: deployCode.Runtime.Mode == RuntimeMode.Container),
                });
                await File.WriteAllTextAsync(rulesFile, AlertRules.Build(deployCode.Settings.AiCostPerHourUsd, AlertRules.DownAlertsOf(model.Resources), deployCode.Platform.Slug, deployCode.Settings.Alerts.ForAtMost), cancellationToken);
                await File.WriteAllTextAsync(configurationFile, yaml, cancellationToken);
            });
    }

    /// <summary>
    /// Adds Grafana on 3000 (container mode, waiting for Prometheus), or shows it as not available in
    /// process mode: Debian and Ubuntu do not package it.
    /// </summary>
    public static IResourceBuilder<IResource> AddPlatformGrafana(this IDistributedApplicationBuilder builder, [ResourceName] string name, IResourceBuilder<IResourceWithEndpoints> prometheus, int port = 3000)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(prometheus);

        if (builder.GetDeployCode().Runtime.Mode == RuntimeMode.Process)
        {
            return builder.AddUnavailable(name,
                "Grafana has no Debian/Ubuntu package, so process mode cannot run it. It runs in container mode (start Docker or Podman) " +
                "and in the artifacts of 'aspire publish'; meanwhile Prometheus answers queries on its own port.");
        }

        var (image, tag) = ImageParts(GrafanaImage);
        var adminPassword = builder.AddGeneratedSecret($"{name}-admin-password");
        // The official image runs as grafana (472) in group root (0), whose members may write its folders.
        var grafana = builder.AddContainer(name, image, tag).WithPlatformImage().WithPlatformContainerUser(472, 0)
            .WithVolume(builder.GetDeployCode().VolumeName(name), "/var/lib/grafana");
        grafana.WithHttpEndpoint(port: grafana.AssignPlatformPort(port), targetPort: 3000)
            .AsOptionalPlatformComponent()
            .WithPlatformHttpHealthCheck("/api/health")
            .WithEnvironment("GF_SECURITY_ADMIN_USER", "admin")
            .WithEnvironment("GF_SECURITY_ADMIN_PASSWORD", adminPassword)
            .WithReference(prometheus.GetEndpoint("http"))
            .WaitFor(prometheus);
        AddGrafanaProvisioning(grafana, prometheus.Resource);
        return grafana;
    }

    /// <summary>
    /// Adds Jaeger (UI 16686, OTLP 4317/4318) in container mode, or shows it as not available in process
    /// mode, where traces go to the Aspire dashboard.
    /// </summary>
    public static IResourceBuilder<IResource> AddPlatformJaeger(this IDistributedApplicationBuilder builder, [ResourceName] string name, int port = 16686)
    {
        ArgumentNullException.ThrowIfNull(builder);

        if (builder.GetDeployCode().Runtime.Mode == RuntimeMode.Process)
        {
            return builder.AddUnavailable(name,
                "Jaeger has no Debian/Ubuntu package, so process mode cannot run it. Traces still reach the Aspire dashboard (Traces page); " +
                "Jaeger runs in container mode (start Docker or Podman) and in the artifacts of 'aspire publish'.");
        }

        var (image, tag) = ImageParts(JaegerImage);
        // The official image runs as user 10001.
        var jaeger = builder.AddContainer(name, image, tag).WithPlatformImage().WithPlatformContainerUser(10001, 10001).AsOptionalPlatformComponent();
        jaeger.WithHttpEndpoint(port: jaeger.AssignPlatformPort(port), targetPort: 16686)
            .WithEndpoint(port: 4317, targetPort: 4317, scheme: "http", name: DeployCode.Orchestrator.Publishing.PublishedModel.TraceEndpointName)
            .WithEndpoint(port: 4318, targetPort: 4318, scheme: "http", name: "otlp-http")
            .WithPlatformHttpHealthCheck("/");
        return jaeger;
    }

    // Grafana is provisioned alike when run and in the artifacts: data sources by their names on the containers'
    // network (Aspire's container network, or the artifact's), and the dashboards.
    private static void AddGrafanaProvisioning(IResourceBuilder<ContainerResource> grafana, IResourceWithEndpoints prometheus)
    {
        var platform = grafana.ApplicationBuilder.GetDeployCode().Platform;
        grafana.WithPlatformFile("datasources.yml", "/etc/grafana/provisioning/datasources/datasources.yml", model =>
        {
            var jaeger = model.Resources.OfType<IResourceWithEndpoints>().FirstOrDefault(resource =>
                resource.Annotations.OfType<EndpointAnnotation>().Any(endpoint => endpoint.Name == DeployCode.Orchestrator.Publishing.PublishedModel.TraceEndpointName));
            var jaegerUi = jaeger?.Annotations.OfType<EndpointAnnotation>().FirstOrDefault(endpoint => endpoint.Name == "http");
            return GrafanaProvisioning.DataSources(
                GrafanaProvisioning.Url(prometheus.Name, prometheus.Annotations.OfType<EndpointAnnotation>().First(endpoint => endpoint.Name == "http").TargetPort ?? 9090),
                jaeger is null || jaegerUi is null ? null : GrafanaProvisioning.Url(jaeger.Name, jaegerUi.TargetPort ?? 16686));
        });
        grafana.WithPlatformFile("dashboards.yml", "/etc/grafana/provisioning/dashboards/dashboards.yml", _ => GrafanaProvisioning.DashboardProvider(platform));
        foreach (var (fileName, uid, title, panels) in GrafanaProvisioning.Dashboards(platform))
        {
            grafana.WithPlatformFile(fileName, $"{GrafanaProvisioning.DashboardsFolder}/{fileName}", _ => GrafanaProvisioning.Dashboard(uid, title, panels, platform));
        }
    }

    private static IResourceBuilder<IResource> AddUnavailable(this IDistributedApplicationBuilder builder, string name, string reason) =>
        builder.AddResource(new UnavailableResource(name, reason))
            .WithInitialState(new CustomResourceSnapshot
            {
                ResourceType = "Unavailable",
                State = new ResourceStateSnapshot(UnavailableResource.State, KnownResourceStateStyles.Warn),
                Properties = [new("deploycode.unavailable.reason", reason)],
            })
            .ExcludeFromManifest();

    internal static (string Image, string Tag) ImageParts(string reference)
    {
        var parts = DeployCode.Orchestrator.Configuration.ImageReference.Parse(reference);
        return (parts.Repository, parts.Tag!);
    }
}
