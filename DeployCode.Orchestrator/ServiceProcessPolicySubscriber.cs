using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Eventing;
using Aspire.Hosting.Lifecycle;

namespace DeployCode.Orchestrator;

/// <summary>
/// Settings every platform service process gets, applied to each project in the model before the run starts.
/// </summary>
internal sealed class ServiceProcessPolicySubscriber : IDistributedApplicationEventingSubscriber
{
    public Task SubscribeAsync(IDistributedApplicationEventing eventing, DistributedApplicationExecutionContext executionContext, CancellationToken cancellationToken)
    {
        if (executionContext.IsRunMode)
        {
            eventing.Subscribe<BeforeStartEvent>((@event, _) =>
            {
                foreach (var service in @event.Model.Resources.OfType<ProjectResource>())
                {
                    // Each .NET host watches its appsettings files with inotify, and Linux allows 128 inotify
                    // instances per user: a platform, its tests and a second run would exhaust them. The
                    // services' settings come from the AppHost, which restarts a service to change them.
                    service.Annotations.Add(new EnvironmentCallbackAnnotation(environment =>
                    {
                        environment["DOTNET_hostBuilder__reloadConfigOnChange"] = "false";
                        environment["MSBUILDDISABLENODEREUSE"] = "1";
                        environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
                    }));
                }

                return Task.CompletedTask;
            });
        }

        return Task.CompletedTask;
    }
}
