using Aspire.Hosting.ApplicationModel;
using DeployCode.Orchestrator.Runtime;

namespace Aspire.Hosting;

/// <summary>Adds a platform service project, with as many replicas as its settings ask for.</summary>
public static class PlatformProjectBuilderExtensions
{
    /// <summary>
    /// Adds the project <typeparamref name="TProject"/> as <paramref name="name"/> on its platform port (see
    /// <see cref="PlatformServiceBuilderExtensions.WithPlatformHttpEndpoint{T}"/>), then applies
    /// <paramref name="configure"/> (references, waits, environment). When
    /// <c>DeployCode:Services:&lt;name&gt;:Replicas</c> is more than 1, each further replica
    /// (<c>&lt;name&gt;-2</c>, …) runs the same project on a port of the range, configured the same way:
    /// dependents reference <paramref name="name"/>, and the orchestrator moves their work to a healthy
    /// replica when this one cannot be brought back. Publish mode adds only the service (its manifests carry
    /// the replica count).
    /// </summary>
    /// <example>
    /// <code>
    /// builder.AddPlatformProject&lt;Projects.Orders&gt;("orders", 3003, service => service
    ///     .WithReference(cache).WaitFor(cache));
    /// </code>
    /// </example>
    /// <returns>The service itself, which dependents reference.</returns>
    public static IResourceBuilder<ProjectResource> AddPlatformProject<TProject>(
        this IDistributedApplicationBuilder builder, [ResourceName] string name, int port, Action<IResourceBuilder<ProjectResource>> configure, params int[] publishedPorts)
        where TProject : IProjectMetadata, new()
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(configure);

        var project = new TProject();
        var service = builder.AddProject<TProject>(name, launchProfileName: null).WithPlatformHttpEndpoint(port, publishedPorts);
        BuiltProgramLaunch.Apply(service, project, typeof(TProject).Assembly);
        configure(service);

        var deployCode = builder.GetDeployCode();
        var replicas = builder.ExecutionContext.IsPublishMode ? 1 : DeployCode.Orchestrator.Model.ComponentBudgets.Of(deployCode.Settings, service.Resource, [service.Resource]).Replicas;
        for (var ordinal = 2; ordinal <= replicas; ordinal++)
        {
            var replicaName = $"{name}-{ordinal}";
            var replica = builder.AddProject<TProject>(replicaName, launchProfileName: null)
                .WithAnnotation(new PlatformReplicaAnnotation(name));
            BuiltProgramLaunch.Apply(replica, project, typeof(TProject).Assembly);
            var assigned = deployCode.Ports.AssignFromRange(replicaName);
            replica.WithAnnotation(new PlatformPortAnnotation(assigned, assigned, publishedPorts is { Length: > 0 } ? publishedPorts : [port]), ResourceAnnotationMutationBehavior.Replace)
                .WithServiceHttpEndpoint(assigned);
            configure(replica);
        }

        return service;
    }
}
