using System.Diagnostics;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Eventing;
using Aspire.Hosting.Lifecycle;
using DeployCode.Orchestrator.Planning;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DeployCode.Orchestrator;

/// <summary>
/// Reports the run mode and port reassignments when the run starts, then moves the orchestrator to
/// Running once every platform resource that runs on this machine is healthy.
/// </summary>
internal sealed partial class DeploymentProgressSubscriber(
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

        foreach (var target in new[] { logger, log })
        {
            target.LogInformation("Runtime: {Mode} ({Reason}); state folder {StateDirectory}", orchestrator.Runtime.ModeName, orchestrator.Runtime.Reason, orchestrator.StateDirectory);
            foreach (var moved in orchestrator.PortReassignments)
            {
                target.LogWarning("{Resource}: port {Preferred} is in use by another process; listening on {Assigned} instead", moved.ResourceName, moved.PreferredPort, moved.AssignedPort);
            }
        }

        await ValidateAsync(orchestrator, @event.Model, log);
        var plan = await PublishPlanAsync(orchestrator, @event.Model, log);
        await AllocateAsync(orchestrator, @event.Model, plan, log);

        var reassignments = string.Join(", ", orchestrator.PortReassignments.Select(moved => $"{moved.ResourceName} {moved.PreferredPort}→{moved.AssignedPort}"));
        await notifications.PublishUpdateAsync(orchestrator, snapshot => snapshot with
        {
            State = new ResourceStateSnapshot(DeploymentStates.Deploying, KnownResourceStateStyles.Info),
            Properties = snapshot.Properties.With(OrchestratorProperties.PortReassignments, reassignments.Length == 0 ? "none" : reassignments),
        });

        var platform = @event.Model.Resources.Where(PlatformComponents.RunsHere).Select(resource => resource.Name).ToArray();
        var phases = plan.Phases.Select(phase => phase.Where(platform.Contains).ToArray()).Where(phase => phase.Length > 0).ToArray();
        _ = Task.Run(() => FollowDeploymentAsync(orchestrator, @event.Model, log, phases, clock), CancellationToken.None);
    }
}
