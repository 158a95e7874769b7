using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using DeployCode.Contracts;
using DeployCode.Orchestrator.Model;
using DeployCode.Orchestrator.Planning;
using DeployCode.Orchestrator.Telemetry;
using Microsoft.Extensions.Logging;

namespace DeployCode.Orchestrator.Deployment;

// Telemetry: the registry, the /metrics and /registry endpoint and the usage monitor, from the first deployment on.
internal sealed partial class DeploymentEngine
{
    // The orchestrator's own links, once its telemetry endpoint listens.
    private System.Collections.Immutable.ImmutableArray<UrlSnapshot>? _links;
    /// <summary>
    /// The registry of components, the <c>/metrics</c> and <c>/registry</c> endpoint, and the usage monitor,
    /// all running until the application stops.
    /// </summary>
    private async Task StartTelemetryAsync(OrchestratorResource orchestrator, DistributedApplicationModel model, DeploymentPlan plan, DeploymentTrace trace, CancellationToken cancellationToken)
    {
        // Held components are not started (so not among those that run here), yet they are part of the platform, with their reason.
        var held = orchestrator.Allocation?.Held.Select(component => component.Name).ToHashSet(StringComparer.Ordinal) ?? [];
        registry.Register(orchestrator.Platform.Display, model.Resources.Where(resource => PlatformComponents.RunsHere(resource) || held.Contains(resource.Name)), plan.Phases, plan.Graph.DependsOn);
        if (orchestrator.Allocation is { } allocation)
        {
            registry.ShowAllocation(allocation);
        }

        _ = Task.Run(registry.FollowAsync, CancellationToken.None);
        if (Gate is { } gate)
        {
            gate.Opened += record => metrics.RecordGate(record.ResourceName, record.Waited, record.Latency);
        }

        var server = await TelemetryServer.StartAsync(orchestrator.TelemetryPort, orchestrator.Runtime.HostAddress, registry, metrics, cancellationToken);
        lifetime.ApplicationStopping.Register(() => server.DisposeAsync().AsTask().GetAwaiter().GetResult());
        if (server.Port != orchestrator.TelemetryPort)
        {
            Log.Console.LogWarning("Port {Planned} was taken after the model was built; metrics and registry are on {Port} (Prometheus is told)", orchestrator.TelemetryPort, server.Port);
            orchestrator.TelemetryPort = server.Port;
        }

        var monitor = new UsageMonitor(registry, notifications, resourceLoggers, Log.Console, model);
        var interval = TimeSpan.FromSeconds(orchestrator.Options.Telemetry.UsageIntervalSeconds);
        _ = Task.Run(() => monitor.RunAsync(interval, lifetime.ApplicationStopping), CancellationToken.None);

        var statusUrl = server.Address.ToString();
        await ShowAddressAsync(orchestrator, statusUrl);
        var metricsUrl = new Uri(server.Address, "/metrics").ToString();
        var registryUrl = new Uri(server.Address, "/registry").ToString();
        Log.LogInformation("Status page on {Status}, metrics on {Metrics}, registry on {Registry}; trace {TraceId} to {Destinations}", statusUrl, metricsUrl, registryUrl,
            trace.TraceId ?? "(not recorded)", traceExport.Destinations.Count == 0 ? "no OTLP endpoint" : string.Join(", ", traceExport.Destinations));

        // Higher sort orders come first in the dashboard.
        _links =
        [
            new UrlSnapshot("status", statusUrl, IsInternal: false) { DisplayProperties = new UrlDisplayPropertiesSnapshot("Status page", 3) },
            new UrlSnapshot("metrics", metricsUrl, IsInternal: false) { DisplayProperties = new UrlDisplayPropertiesSnapshot("Metrics", 2) },
            new UrlSnapshot("registry", registryUrl, IsInternal: false) { DisplayProperties = new UrlDisplayPropertiesSnapshot("Registry (JSON)", 1) },
        ];
        await Status.ShowPropertiesAsync((OrchestratorProperties.TelemetryEndpoint, metricsUrl), (OrchestratorProperties.TraceId, trace.TraceId ?? "not recorded"));
    }

    // Where ./deploy-code status finds the platform while it runs; removed when it stops (unless another run wrote it since).
    private async Task ShowAddressAsync(OrchestratorResource orchestrator, string address)
    {
        var file = Path.Combine(orchestrator.StateDirectoryFor(orchestrator.Name), StateDirectory.TelemetryAddressFileName);
        await File.WriteAllTextAsync(file, address);
        lifetime.ApplicationStopping.Register(() =>
        {
            if (File.Exists(file) && File.ReadAllText(file) == address)
            {
                File.Delete(file);
            }
        });
    }

    /// <summary>
    /// Shows the orchestrator's links (status page, metrics, registry) and when its deployment began. Aspire sets every
    /// resource's URLs once, after the deployment was prepared, to those its model declares; so they are shown then.
    /// </summary>
    public Task ShowLinksAsync() =>
        _orchestrator is not { } orchestrator || _links is not { } links
            ? Task.CompletedTask
            : notifications.PublishUpdateAsync(orchestrator, snapshot => snapshot with { Urls = links, StartTimeStamp = _began.UtcDateTime });
}
