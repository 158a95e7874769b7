using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Eventing;
using Aspire.Hosting.Lifecycle;

namespace DeployCode.Orchestrator.Deployment;

/// <summary>Begins the engine's first deployment when Aspire is about to start the resources of a run, and shows the orchestrator's links once Aspire has set every resource's own.</summary>
internal sealed class DeploymentStartSubscriber(DeploymentEngine engine) : IDistributedApplicationEventingSubscriber
{
    public Task SubscribeAsync(IDistributedApplicationEventing eventing, DistributedApplicationExecutionContext executionContext, CancellationToken cancellationToken)
    {
        if (executionContext.IsRunMode)
        {
            eventing.Subscribe<BeforeStartEvent>((@event, _) => engine.BeginAsync(@event.Model));
            eventing.Subscribe<InitializeResourceEvent>((@event, _) => @event.Resource is OrchestratorResource ? engine.ShowLinksAsync() : Task.CompletedTask);
        }

        return Task.CompletedTask;
    }
}
