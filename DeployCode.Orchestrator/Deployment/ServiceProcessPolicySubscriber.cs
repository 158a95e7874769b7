using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Eventing;
using Aspire.Hosting.Lifecycle;
using DeployCode.Orchestrator.Resources;
using DeployCode.Orchestrator.Model;

namespace DeployCode.Orchestrator.Deployment;

/// <summary>
/// Settings every platform service process gets, applied to each project in the model before the run starts,
/// and the limits of each component's budget. The budget is read when the process starts (Aspire evaluates
/// these callbacks again on every start), so a live budget change takes effect when the service restarts.
/// </summary>
internal sealed class ServiceProcessPolicySubscriber : IDistributedApplicationEventingSubscriber
{
    public Task SubscribeAsync(IDistributedApplicationEventing eventing, DistributedApplicationExecutionContext executionContext, CancellationToken cancellationToken)
    {
        if (executionContext.IsRunMode)
        {
            eventing.Subscribe<BeforeStartEvent>((@event, _) =>
            {
                var orchestrator = @event.Model.Resources.OfType<OrchestratorResource>().SingleOrDefault();
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

                        // Aspire asks the OTLP exporter to retry in memory. When the endpoint does not answer (no
                        // dashboard, as under the test host) the shutdown flush then retries for its whole 10 s
                        // timeout, and DCP gives up stopping the service: Stop and Restart fail, restarts and
                        // rollbacks take 12 s a service. Without it a stop takes about a second; telemetry
                        // exported while the dashboard is down is lost either way.
                        environment.Remove("OTEL_DOTNET_EXPERIMENTAL_OTLP_RETRY");
                        if (orchestrator is not null)
                        {
                            ServeFromActiveReplicas(orchestrator, @event.Model, environment);
                            ListenForContainers(service, orchestrator.Runtime.HostAddress, environment);
                            foreach (var (name, value) in ServiceLimits.DotNetEnvironment(ComponentBudgets.Of(orchestrator.Settings, service, @event.Model.Resources)))
                            {
                                environment[name] = value;
                            }
                        }
                    }));
                }

                foreach (var container in @event.Model.Resources.OfType<ContainerResource>())
                {
                    container.Annotations.Add(new ContainerRuntimeArgsCallbackAnnotation(arguments =>
                    {
                        // Docker Engine on Linux defines no host.docker.internal (Docker Desktop and Podman do):
                        // name the host's bridge address, where the services listen too (ListenForContainers).
                        if (orchestrator?.Runtime.HostAddress is { } hostAddress)
                        {
                            arguments.Add("--add-host");
                            arguments.Add($"{ContainerHostName}:{hostAddress}");
                        }

                        if (orchestrator is not null)
                        {
                            foreach (var argument in ServiceLimits.ContainerArguments(ComponentBudgets.Of(orchestrator.Settings, container, @event.Model.Resources)))
                            {
                                arguments.Add(argument);
                            }
                        }
                    }));
                }

                return Task.CompletedTask;
            });
        }

        return Task.CompletedTask;
    }

    /// <summary>The name containers call this machine by, as Docker Desktop and Podman define it.</summary>
    internal const string ContainerHostName = "host.docker.internal";

    /// <summary>
    /// In container mode a service listens on the host's bridge address as well as on loopback, so that the
    /// containers (Prometheus scraping it, say) reach it as <see cref="ContainerHostName"/>; nothing outside the
    /// machine does, as it would with every interface.
    /// </summary>
    private static void ListenForContainers(ProjectResource service, string? hostAddress, Dictionary<string, object> environment)
    {
        var endpoints = service.Annotations.OfType<EndpointAnnotation>().Where(endpoint => !endpoint.IsProxied && endpoint.Port is not null).ToArray();
        if (hostAddress is null || endpoints.Length == 0)
        {
            return;
        }

        environment["ASPNETCORE_URLS"] = string.Join(';', endpoints.SelectMany(endpoint => new[]
        {
            $"{endpoint.UriScheme}://localhost:{endpoint.Port}",
            $"{endpoint.UriScheme}://{hostAddress}:{endpoint.Port}",
        }));
    }

    /// <summary>
    /// Points every reference to a service whose work moved to a replica (service discovery's
    /// <c>services__name__http__0</c> and the <c>NAME_HTTP</c> variable) at that replica instead.
    /// </summary>
    private static void ServeFromActiveReplicas(OrchestratorResource orchestrator, DistributedApplicationModel model, Dictionary<string, object> environment)
    {
        if (orchestrator.ActiveReplicas.IsEmpty)
        {
            return;
        }

        foreach (var (key, value) in environment.ToArray())
        {
            if (value is EndpointReference endpoint &&
                orchestrator.ActiveReplicas.TryGetValue(endpoint.Resource.Name, out var active) &&
                model.Resources.OfType<IResourceWithEndpoints>().FirstOrDefault(resource => resource.Name == active) is { } replica)
            {
                environment[key] = replica.GetEndpoint(endpoint.EndpointName);
            }
        }
    }
}
