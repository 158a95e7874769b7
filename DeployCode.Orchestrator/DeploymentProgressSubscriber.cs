using System.Diagnostics;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Eventing;
using Aspire.Hosting.Lifecycle;
using DeployCode.Orchestrator.Configuration;
using DeployCode.Orchestrator.Planning;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DeployCode.Orchestrator;

/// <summary>
/// Reports the run mode and port reassignments when the run starts, then moves the orchestrator to
/// Running once every platform resource that runs on this machine is healthy.
/// </summary>
internal sealed class DeploymentProgressSubscriber(
    ResourceNotificationService notifications,
    ResourceLoggerService resourceLoggers,
    ILogger<OrchestratorResource> logger,
    IHostApplicationLifetime lifetime) : IDistributedApplicationEventingSubscriber
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
        var log = resourceLoggers.GetLogger(orchestrator);
        var clock = Stopwatch.StartNew();

        await ValidateAsync(orchestrator, @event.Model, log);

        foreach (var target in new[] { logger, log })
        {
            target.LogInformation("Runtime: {Mode} ({Reason}); state folder {StateDirectory}", orchestrator.Runtime.ModeName, orchestrator.Runtime.Reason, orchestrator.StateDirectory);
            foreach (var moved in orchestrator.PortReassignments)
            {
                target.LogWarning("{Resource}: port {Preferred} is in use by another process; listening on {Assigned} instead", moved.ResourceName, moved.PreferredPort, moved.AssignedPort);
            }
        }

        var reassignments = string.Join(", ", orchestrator.PortReassignments.Select(moved => $"{moved.ResourceName} {moved.PreferredPort}→{moved.AssignedPort}"));
        await notifications.PublishUpdateAsync(orchestrator, snapshot => snapshot with
        {
            State = new ResourceStateSnapshot(DeploymentStates.Deploying, KnownResourceStateStyles.Info),
            Properties = snapshot.Properties.With(OrchestratorProperties.PortReassignments, reassignments.Length == 0 ? "none" : reassignments),
        });

        var platform = @event.Model.Resources.Where(IsStartedHere).Select(resource => resource.Name).ToArray();
        _ = Task.Run(() => ReportHealthyAsync(orchestrator, log, platform, clock), CancellationToken.None);
    }

    /// <summary>Stops the run before anything starts when the configuration does not fit the model, naming every problem.</summary>
    private async Task ValidateAsync(OrchestratorResource orchestrator, DistributedApplicationModel model, ILogger log)
    {
        await notifications.PublishUpdateAsync(orchestrator, snapshot => snapshot with
        {
            State = new ResourceStateSnapshot(DeploymentStates.Validating, KnownResourceStateStyles.Info),
        });

        var ports = model.Resources
            .Select(resource => (resource.Name, Ports: resource.Annotations.OfType<PlatformPortAnnotation>().LastOrDefault()))
            .Where(entry => entry.Ports is not null)
            .ToDictionary(entry => entry.Name, entry => entry.Ports!.PlatformPort, StringComparer.Ordinal);
        var problems = ConfigurationValidator.Validate(orchestrator.Settings, DependencyGraph.FromModel(model.Resources), ports);
        if (problems.Count == 0)
        {
            return;
        }

        var message = $"The DeployCode configuration has {problems.Count} problem(s); nothing was started:{Environment.NewLine}" +
            string.Join(Environment.NewLine, problems.Select(problem => $"  - {problem}"));
        log.LogError("{Message}", message);
        logger.LogError("{Message}", message);
        await notifications.PublishUpdateAsync(orchestrator, snapshot => snapshot with
        {
            State = new ResourceStateSnapshot(DeploymentStates.Failed, KnownResourceStateStyles.Error),
            Properties = snapshot.Properties.With(OrchestratorProperties.FailureReason, message),
        });
        throw new DeployCodeConfigurationException(message);
    }

    private async Task ReportHealthyAsync(OrchestratorResource orchestrator, ILogger log, string[] platform, Stopwatch clock)
    {
        try
        {
            await Task.WhenAll(platform.Select(name => notifications.WaitForResourceHealthyAsync(name, WaitBehavior.WaitOnResourceUnavailable, lifetime.ApplicationStopping)));
        }
        catch (OperationCanceledException)
        {
            return;
        }

        var seconds = Math.Round(clock.Elapsed.TotalSeconds, 1);
        log.LogInformation("CODE platform healthy: {Count} resources in {Seconds} s", platform.Length, seconds);
        logger.LogInformation("CODE platform healthy: {Count} resources in {Seconds} s", platform.Length, seconds);
        await notifications.PublishUpdateAsync(orchestrator, snapshot => snapshot with
        {
            State = new ResourceStateSnapshot(DeploymentStates.Running, KnownResourceStateStyles.Success),
            Properties = snapshot.Properties.With(OrchestratorProperties.HealthyAfterSeconds, seconds),
        });
    }

    // What DCP starts on this machine; parameters, connection-string children and resources shown as
    // unavailable have no process to wait for.
    private static bool IsStartedHere(IResource resource) =>
        resource is ExecutableResource or ProjectResource or ContainerResource &&
        !resource.HasAnnotationOfType<ExplicitStartupAnnotation>();
}
