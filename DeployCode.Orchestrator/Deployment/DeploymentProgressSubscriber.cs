using System.Diagnostics;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Eventing;
using Aspire.Hosting.Lifecycle;
using DeployCode.Orchestrator.Gating;
using DeployCode.Orchestrator.Planning;
using DeployCode.Orchestrator.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using DeployCode.Orchestrator.Model;

namespace DeployCode.Orchestrator.Deployment;

/// <summary>
/// Carries out the deployment sequence around Aspire's start-up — Validating, Allocating, Networking,
/// Deploying phase k/n, Verifying, Running — and keeps the registry, metrics and trace of it.
/// </summary>
internal sealed partial class DeploymentProgressSubscriber(
    ResourceNotificationService notifications,
    ResourceLoggerService resourceLoggers,
    ILogger<OrchestratorResource> logger,
    IHostApplicationLifetime lifetime,
    PlatformRegistry registry,
    DeploymentMetrics metrics,
    DeploymentTraceExport traceExport,
    IServiceProvider services) : IDistributedApplicationEventingSubscriber
{
    public Task SubscribeAsync(IDistributedApplicationEventing eventing, DistributedApplicationExecutionContext executionContext, CancellationToken cancellationToken)
    {
        if (executionContext.IsRunMode)
        {
            eventing.Subscribe<BeforeStartEvent>(OnBeforeStartAsync);
        }

        return Task.CompletedTask;
    }

    private async Task OnBeforeStartAsync(BeforeStartEvent @event, CancellationToken cancellationToken)
    {
        var orchestrator = @event.Model.Resources.OfType<OrchestratorResource>().Single();
        var log = new DeploymentLog(logger, resourceLoggers.GetLogger(orchestrator));
        var timeline = new StartupTimeline();
        var trace = DeploymentTrace.Start(orchestrator.Name, orchestrator.Runtime.ModeName, orchestrator.Platform.Display);

        log.LogInformation("Runtime: {Mode} ({Reason}); state folder {StateDirectory}", orchestrator.Runtime.ModeName, orchestrator.Runtime.Reason, orchestrator.StateDirectory);
        if (orchestrator.Runtime.Mode == Runtime.RuntimeMode.Container && orchestrator.Runtime.HostAddress is null)
        {
            log.LogWarning("The {Engine} engine's bridge is not on this machine (Docker Desktop, rootless Podman), or it did not say where it is: " +
                "the services listen on loopback only, and containers rely on the engine's own host.docker.internal to reach them (Prometheus's scrapes)",
                orchestrator.Runtime.Engine);
        }

        foreach (var moved in orchestrator.PortReassignments)
        {
            log.LogWarning("{Resource}: port {Preferred} is in use by another process; listening on {Assigned} instead", moved.ResourceName, moved.PreferredPort, moved.AssignedPort);
        }

        DeploymentPlan plan;
        using (var step = trace.Step("validate"))
        {
            try
            {
                await ValidateAsync(orchestrator, @event.Model, log);
            }
            catch (Exception exception)
            {
                step.Fail(exception.Message);
                trace.Finish(DeploymentStates.Failed, exception.Message);
                throw;
            }
        }

        using (trace.Step("plan"))
        {
            plan = await PublishPlanAsync(orchestrator, @event.Model, log);
        }

        using (trace.Step("allocate"))
        {
            await AllocateAsync(orchestrator, @event.Model, plan, log);
        }

        using (trace.Step("network"))
        {
            await ConfigureNetworkAsync(orchestrator, @event.Model, log);
        }

        await StartTelemetryAsync(orchestrator, @event.Model, plan, log, trace, cancellationToken);

        var reassignments = string.Join(", ", orchestrator.PortReassignments.Select(moved => $"{moved.ResourceName} {moved.PreferredPort}→{moved.AssignedPort}"));
        await Status(orchestrator).ShowAsync(new ResourceStateSnapshot(DeploymentStates.Deploying, KnownResourceStateStyles.Info),
            (OrchestratorProperties.PortReassignments, reassignments.Length == 0 ? "none" : reassignments));

        var platform = @event.Model.Resources.Where(PlatformComponents.RunsHere).Select(resource => resource.Name).ToArray();
        var phases = plan.Phases.Select(phase => phase.Where(platform.Contains).ToArray()).Where(phase => phase.Length > 0).ToArray();
        _ = Task.Run(() => FollowOrFailAsync(orchestrator, @event.Model, log, plan, phases, timeline, trace), CancellationToken.None);
    }

    // Whatever goes wrong while following ends the deployment visibly, never a "Deploying" that stays for good.
    private async Task FollowOrFailAsync(OrchestratorResource orchestrator, DistributedApplicationModel model, DeploymentLog log, DeploymentPlan plan, string[][] phases, StartupTimeline timeline, DeploymentTrace trace)
    {
        try
        {
            await FollowDeploymentAsync(orchestrator, model, log, plan, phases, timeline, trace);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            var reason = $"the deployment could not be followed: {exception.GetType().Name}: {exception.Message}";
            log.LogError(exception, "Deployment failed: {Reason}", reason);
            trace.Finish(DeploymentStates.Failed, reason);
            await Status(orchestrator).FailAsync(reason);
        }
    }

    /// <summary>Shows a step of the deployment as the orchestrator's state.</summary>
    private Task ShowStepAsync(OrchestratorResource orchestrator, string step) => Status(orchestrator).ShowStepAsync(step);

    /// <summary>What the orchestrator shows, as every change of the deployment shows it too.</summary>
    private DeploymentStatus Status(OrchestratorResource orchestrator) => new(notifications, orchestrator);

    /// <summary>The health gate when it is on (the default); null leaves waiting to Aspire.</summary>
    private HealthGate? Gate => services.GetService<HealthGate>();

    /// <summary>
    /// The registry of components, the <c>/metrics</c> and <c>/registry</c> endpoint, and the usage monitor,
    /// all running until the application stops.
    /// </summary>
    private async Task StartTelemetryAsync(OrchestratorResource orchestrator, DistributedApplicationModel model, DeploymentPlan plan, DeploymentLog log, DeploymentTrace trace, CancellationToken cancellationToken)
    {
        // Held components are not started (so not among those that run here), yet they are part of the platform, with their reason.
        var held = orchestrator.Allocation?.Held.Select(component => component.Name).ToHashSet(StringComparer.Ordinal) ?? [];
        registry.Register(model.Resources.Where(resource => PlatformComponents.RunsHere(resource) || held.Contains(resource.Name)), plan.Phases);
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
            log.Console.LogWarning("Port {Planned} was taken after the model was built; metrics and registry are on {Port} (Prometheus is told)", orchestrator.TelemetryPort, server.Port);
            orchestrator.TelemetryPort = server.Port;
        }

        var monitor = new UsageMonitor(registry, notifications, resourceLoggers, log.Console, model);
        var interval = TimeSpan.FromSeconds(orchestrator.Options.Telemetry.UsageIntervalSeconds);
        _ = Task.Run(() => monitor.RunAsync(interval, lifetime.ApplicationStopping), CancellationToken.None);

        var metricsUrl = new Uri(server.Address, "/metrics").ToString();
        var registryUrl = new Uri(server.Address, "/registry").ToString();
        log.LogInformation("Metrics on {Metrics}, registry on {Registry}; trace {TraceId} to {Destinations}", metricsUrl, registryUrl,
            trace.TraceId ?? "(not recorded)", traceExport.Destinations.Count == 0 ? "no OTLP endpoint" : string.Join(", ", traceExport.Destinations));

        await notifications.PublishUpdateAsync(orchestrator, snapshot => snapshot with
        {
            Urls = [new UrlSnapshot("metrics", metricsUrl, IsInternal: false), new UrlSnapshot("registry", registryUrl, IsInternal: false)],
            Properties = snapshot.Properties
                .With(OrchestratorProperties.TelemetryEndpoint, metricsUrl)
                .With(OrchestratorProperties.TraceId, trace.TraceId ?? "not recorded"),
        });
    }
}
