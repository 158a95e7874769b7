using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using DeployCode.Orchestrator.Configuration;
using DeployCode.Orchestrator.Planning;
using DeployCode.Orchestrator.Model;

namespace DeployCode.Orchestrator.Publishing;

/// <summary>
/// Reads the platform's components out of the application model in publish mode, in dependency order, for
/// the Compose and Kubernetes publishers alike.
/// </summary>
internal static class PublishedModel
{
    /// <summary>The name of the OTLP (gRPC) endpoint of the trace collector (Jaeger).</summary>
    public const string TraceEndpointName = "otlp-grpc";

    // ServiceDefaults' liveness endpoint: the process answers, whatever its dependencies do.
    private const string AlivePath = "/alive";

    /// <summary>Every deployable component, resolved with <paramref name="resolver"/>.</summary>
    public static async Task<IReadOnlyList<PublishedComponent>> ReadAsync(
        DistributedApplicationModel model, DistributedApplicationExecutionContext executionContext, OrchestratorResource orchestrator,
        PublishingOptions options, PublishedValueResolver resolver, CancellationToken cancellationToken)
    {
        var deployable = model.Resources.Where(PlatformComponents.IsComponent).Where(resource => resource is ContainerResource or ProjectResource).ToArray();
        var order = DependencyGraph.FromModel(model.Resources).Phases().SelectMany(phase => phase).ToList();
        // Jaeger's OTLP endpoint, where the services send traces, metrics and logs in the artifacts.
        var traceCollector = deployable.OfType<IResourceWithEndpoints>()
            .SelectMany(resource => resource.Annotations.OfType<EndpointAnnotation>().Where(endpoint => endpoint.Name == TraceEndpointName).Select(endpoint => new EndpointReference(resource, endpoint)))
            .FirstOrDefault();
        var components = new List<PublishedComponent>();
        foreach (var resource in deployable.OrderBy(resource => order.IndexOf(resource.Name)).ThenBy(resource => resource.Name, StringComparer.Ordinal))
        {
            components.Add(await ReadAsync(resource, executionContext, orchestrator, options, resolver, traceCollector, model, cancellationToken));
        }

        return components;
    }

    /// <summary>The port an endpoint listens on inside a container: its target port, else its port.</summary>
    public static int ListensOn(EndpointReference endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        return ListensOn(endpoint.Resource, endpoint.EndpointAnnotation);
    }

    private static int ListensOn(IResource resource, EndpointAnnotation endpoint) =>
        endpoint.TargetPort ?? endpoint.Port
        ?? throw new InvalidOperationException($"{resource.Name}: endpoint '{endpoint.Name}' has no port; give it one (WithHttpEndpoint(port: …) or targetPort).");

    private static async Task<PublishedComponent> ReadAsync(
        IResource resource, DistributedApplicationExecutionContext executionContext, OrchestratorResource orchestrator,
        PublishingOptions options, PublishedValueResolver resolver, EndpointReference? traceCollector, DistributedApplicationModel model, CancellationToken cancellationToken)
    {
        var isProject = resource is ProjectResource;
        var ports = resource.Annotations.OfType<EndpointAnnotation>()
            .Select(endpoint => new PublishedPort(endpoint.Name, endpoint.UriScheme, ListensOn(resource, endpoint), Published(resource, endpoint)))
            .ToArray();

        var environment = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var variables = new Dictionary<string, object>(StringComparer.Ordinal);
        var context = new EnvironmentCallbackContext(executionContext, resource, variables, cancellationToken);
        foreach (var callback in resource.Annotations.OfType<EnvironmentCallbackAnnotation>())
        {
            await callback.Callback(context);
        }

        foreach (var (name, value) in variables)
        {
            environment[name] = await resolver.ResolveAsync(value, $"{resource.Name}: environment variable {name}", cancellationToken);
        }

        if (isProject && ports.FirstOrDefault(port => port.Scheme == "http") is { } http)
        {
            // The image listens where the platform table says, on every interface of its container.
            environment["ASPNETCORE_URLS"] = $"http://+:{http.TargetPort}";
        }

        if (isProject)
        {
            Telemetry(resource, environment, traceCollector);
        }

        var arguments = new List<object>();
        var argumentsContext = new CommandLineArgsCallbackContext(arguments, resource, cancellationToken) { ExecutionContext = executionContext };
        foreach (var callback in resource.Annotations.OfType<CommandLineArgsCallbackAnnotation>())
        {
            await callback.Callback(argumentsContext);
        }

        var resolvedArguments = new List<string>();
        foreach (var argument in arguments)
        {
            resolvedArguments.Add(await resolver.ResolveAsync(argument, $"{resource.Name}: argument", cancellationToken));
        }

        var mounts = resource.Annotations.OfType<ContainerMountAnnotation>().ToArray();
        return new PublishedComponent(
            resource.Name,
            Image(resource, orchestrator.Settings.Images, options),
            isProject,
            resolvedArguments,
            environment,
            ports,
            [.. resource.Annotations.OfType<WaitAnnotation>()
                .Select(wait => new PublishedWait(DependencyGraph.DeployedAs(wait.Resource).Name, wait.WaitType == WaitType.WaitUntilHealthy))
                .DistinctBy(wait => wait.Component)
                .OrderBy(wait => wait.Component, StringComparer.Ordinal)],
            [.. resource.Annotations.OfType<ResourceRelationshipAnnotation>()
                .Where(relationship => relationship.Type == ReferenceRelationship)
                .Select(relationship => DependencyGraph.DeployedAs(relationship.Resource).Name)
                .Concat(resource.Annotations.OfType<WaitAnnotation>().Select(wait => DependencyGraph.DeployedAs(wait.Resource).Name))
                .Where(name => name != resource.Name)
                .Distinct()
                .Order(StringComparer.Ordinal)],
            [.. mounts.Where(mount => mount.Type == ContainerMountType.Volume)
                .Select(mount => new PublishedVolume(mount.Source ?? $"{resource.Name}-data", mount.Target, mount.IsReadOnly))],
            [.. resource.Annotations.OfType<PlatformFileAnnotation>()
                .Select(file => new PublishedFile($"{resource.Name}/{file.FileName}", file.Target, file.Content(model)))],
            Health(resource, ports),
            Model.ComponentBudgets.Of(orchestrator.Settings, resource, model.Resources),
            (resource as ContainerResource)?.Entrypoint,
            resource.IsOptionalPlatformComponent(),
            resource.PlatformContainerUser(),
            resource.HasAnnotationOfType<PlatformSandboxAnnotation>(),
            resource.HasAnnotationOfType<PlatformMetricsScraperAnnotation>());
    }

    // Aspire's name for the relationship WithReference records (its constant is internal).
    private const string ReferenceRelationship = "Reference";

    /// <summary>
    /// Telemetry to the platform's collector: OTLP over gRPC to Jaeger, under the service's name; without the
    /// in-memory retry Aspire asks for, which holds a stopping container for the exporter's whole timeout.
    /// </summary>
    private static void Telemetry(IResource resource, SortedDictionary<string, string> environment, EndpointReference? traceCollector)
    {
        environment.Remove("OTEL_DOTNET_EXPERIMENTAL_OTLP_RETRY");
        if (traceCollector is null)
        {
            return;
        }

        environment["OTEL_EXPORTER_OTLP_ENDPOINT"] = $"http://{traceCollector.Resource.Name}:{ListensOn(traceCollector)}";
        environment["OTEL_EXPORTER_OTLP_PROTOCOL"] = "grpc";
        environment["OTEL_SERVICE_NAME"] = resource.Name;
    }

    private static IReadOnlyList<int> Published(IResource resource, EndpointAnnotation endpoint)
    {
        var platform = resource.Annotations.OfType<PlatformPortAnnotation>().LastOrDefault();
        var first = resource.Annotations.OfType<EndpointAnnotation>().First();
        return platform is not null && ReferenceEquals(first, endpoint) ? platform.PublishedPorts : [];
    }

    // A container's image is resolved when it is added (WithPlatformImage); a service's own image, when configured, wins over the publish registry.
    private static string Image(IResource resource, ImageSources images, PublishingOptions options)
    {
        if (resource is ProjectResource)
        {
            return images.Services.GetValueOrDefault(resource.Name) ?? $"{options.Registry}/{resource.Name}:{options.Tag}";
        }

        return Runtime.ContainerImages.Reference(resource) ?? throw new InvalidOperationException($"{resource.Name} is a container without an image.");
    }

    /// <summary>
    /// The services' <c>/health</c> on their HTTP port; for infrastructure the check its image's own tools
    /// allow (the images have no curl).
    /// </summary>
    private static PublishedHealth? Health(IResource resource, IReadOnlyList<PublishedPort> ports)
    {
        var http = ports.FirstOrDefault(port => port.Scheme == "http");
        var path = resource.Annotations.OfType<PlatformHealthPathAnnotation>().LastOrDefault()?.Path;
        return resource switch
        {
            PostgresServerResource => new PublishedHealth(null, null, ["CMD-SHELL", "pg_isready -U postgres"]),
            // The password reaches redis-cli through its environment (REDISCLI_AUTH), never its command line.
            RedisResource => new PublishedHealth(null, null, ["CMD-SHELL", "REDISCLI_AUTH=\"$REDIS_PASSWORD\" redis-cli ping | grep -q PONG"]),
            // The services' images have no curl or wget: the service's own binary asks (see ServiceDefaults' --probe).
            ProjectResource project when path is not null && http is not null => new PublishedHealth(path, http.TargetPort,
                ["CMD", "dotnet", $"/app/{Path.GetFileNameWithoutExtension(project.GetProjectMetadata().ProjectPath)}.dll", "--probe", $"http://localhost:{http.TargetPort}{path}"],
                AlivePath),
            _ when path is not null && http is not null => new PublishedHealth(path, http.TargetPort,
                ["CMD-SHELL", $"wget -q -O /dev/null http://localhost:{http.TargetPort}{path} || exit 1"]),
            _ => null,
        };
    }
}
