using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Eventing;
using Aspire.Hosting.Lifecycle;

namespace DeployCode.Orchestrator.Gating;

/// <summary>Starts the health gate when a run starts (never in publish mode).</summary>
internal sealed class HealthGateSubscriber(HealthGate gate) : IDistributedApplicationEventingSubscriber
{
    public Task SubscribeAsync(IDistributedApplicationEventing eventing, DistributedApplicationExecutionContext executionContext, CancellationToken cancellationToken)
    {
        if (executionContext.IsRunMode)
        {
            eventing.Subscribe<BeforeStartEvent>((_, _) =>
            {
                _ = Task.Run(gate.RunAsync, CancellationToken.None);
                return Task.CompletedTask;
            });
        }

        return Task.CompletedTask;
    }
}
