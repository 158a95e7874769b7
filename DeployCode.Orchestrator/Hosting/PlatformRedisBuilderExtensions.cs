using Aspire.Hosting.ApplicationModel;
using DeployCode.Orchestrator.Health;
using DeployCode.Orchestrator.Runtime;

namespace Aspire.Hosting;

/// <summary>The platform's Redis: the official container, or the machine's <c>redis-server</c> in process mode.</summary>
public static class PlatformRedisBuilderExtensions
{
    /// <summary>The image tag used in container mode (major.minor, never <c>latest</c>).</summary>
    internal const string ImageTag = "8.2";

    /// <summary>
    /// Adds Redis on its platform port (6379) with a generated password and persistence. Container mode: the
    /// official image with a data volume. Process mode: <c>redis-server</c> from the machine, append-only
    /// file under the state folder. Either way the health check sends PING.
    /// </summary>
    public static IResourceBuilder<IResourceWithConnectionString> AddPlatformRedis(this IDistributedApplicationBuilder builder, [ResourceName] string name, int port = 6379)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(name);

        var deployCode = builder.GetDeployCode();
        var password = builder.AddGeneratedSecret($"{name}-password");

        if (deployCode.Runtime.Mode == RuntimeMode.Container)
        {
            var container = builder.AddRedis(name, password: password).WithImageTag(ImageTag).WithPlatformImage().WithDataVolume(deployCode.VolumeName(name)).WithPersistence();
            var hostPort = container.AssignPlatformPort(port);
            return container.WithEndpoint("tcp", endpoint => endpoint.Port = hostPort);
        }

        var resource = new RedisProcessResource(name, deployCode.Binaries!.RequireRedis(), deployCode.StateDirectoryFor(name), password.Resource);

        var redis = builder.AddResource(resource);
        var listenPort = redis.AssignPlatformPort(port);
        return redis
            .WithEndpoint(port: listenPort, targetPort: listenPort, scheme: "tcp", name: RedisProcessResource.PrimaryEndpointName, isProxied: false)
            .WithArgs(resource.ConfigurationFile)
            .WithIconName("Memory")
            .WithProbeHealthCheck(InfrastructureProbes.PingRedisAsync)
            .OnBeforeResourceStarted((server, _, cancellationToken) => RedisConfiguration.WriteAsync(server, cancellationToken));
    }
}
