using Aspire.Hosting.ApplicationModel;
using DeployCode.Orchestrator.Health;
using DeployCode.Orchestrator.Runtime;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Aspire.Hosting;

/// <summary>The platform's PostgreSQL: the official container, or the machine's own binaries in process mode.</summary>
public static class PlatformPostgresBuilderExtensions
{
    /// <summary>The image tag used in container mode (major.minor, never <c>latest</c>).</summary>
    internal const string ImageTag = "17.6";

    /// <summary>
    /// Adds PostgreSQL on its platform port (5432) with a generated password. Container mode: the official
    /// image with a data volume. Process mode: <c>postgres</c> from the machine, data under the state folder,
    /// run as an unprivileged account when the AppHost is root. Either way the health check runs a real query.
    /// </summary>
    /// <example>
    /// <code>
    /// var server = builder.AddPlatformPostgres("db");
    /// var orders = server.AddPlatformDatabase("orders-db", "orders");
    /// </code>
    /// </example>
    public static PlatformPostgresBuilder AddPlatformPostgres(this IDistributedApplicationBuilder builder, [ResourceName] string name, int port = 5432)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(name);

        var deployCode = builder.GetDeployCode();
        var password = builder.AddGeneratedSecret($"{name}-password");

        if (deployCode.Runtime.Mode == RuntimeMode.Container)
        {
            var container = builder.AddPostgres(name, password: password).WithImageTag(ImageTag).WithPlatformImage().WithDataVolume(deployCode.VolumeName(name));
            if (builder.ExecutionContext.IsPublishMode)
            {
                // When run, Aspire creates each database once the server answers; a published server has nobody to do
                // that: the image runs this script at its first start, on an empty data folder.
                container.WithAnnotation(new PlatformFileAnnotation("create-databases.sql", "/docker-entrypoint-initdb.d/create-databases.sql", _ =>
                    string.Concat(container.Resource.Databases.Values.Distinct().Order(StringComparer.Ordinal)
                        .Select(database => $"CREATE DATABASE \"{database.Replace("\"", "\"\"", StringComparison.Ordinal)}\";\n"))));
            }

            var hostPort = container.AssignPlatformPort(port);
            return new PlatformPostgresBuilder(container.WithEndpoint("tcp", endpoint => endpoint.Port = hostPort));
        }

        return new PlatformPostgresBuilder(builder.AddPostgresProcess(deployCode, name, password.Resource, port));
    }

    /// <summary>Adds a database to the platform's PostgreSQL; services reference and wait for it.</summary>
    public static IResourceBuilder<IResourceWithConnectionString> AddPlatformDatabase(this PlatformPostgresBuilder server, [ResourceName] string name, string? databaseName = null)
    {
        ArgumentNullException.ThrowIfNull(server);
        ArgumentException.ThrowIfNullOrEmpty(name);

        return server.Resource switch
        {
            PostgresServerResource container => server.ApplicationBuilder.CreateResourceBuilder(container).AddDatabase(name, databaseName),
            PostgresProcessResource process => server.ApplicationBuilder.AddPostgresProcessDatabase(process, name, databaseName ?? name),
            // AddPlatformPostgres makes one of the two; nothing else makes this builder.
            _ => throw new InvalidOperationException($"{server.Resource.Name} is neither of the servers AddPlatformPostgres makes."),
        };
    }

    private static IResourceBuilder<PostgresProcessResource> AddPostgresProcess(this IDistributedApplicationBuilder builder, OrchestratorResource deployCode, string name, ParameterResource password, int port)
    {
        var (postgresBinary, initdb) = deployCode.Binaries!.RequirePostgres();
        var account = UnixAccount.CurrentIsRoot ? UnixAccount.Lookup(deployCode.Options.PostgresUser) : null;
        var folder = deployCode.StateDirectoryFor(name);
        account?.EnsureCanReach(folder);

        var resource = new PostgresProcessResource(name, account is null ? postgresBinary : "setpriv", folder, password);

        var postgres = builder.AddResource(resource);
        var listenPort = postgres.AssignPlatformPort(port);
        return postgres
            .WithEndpoint(port: listenPort, targetPort: listenPort, scheme: "tcp", name: PostgresProcessResource.PrimaryEndpointName, isProxied: false)
            .WithArgs(PostgresCluster.ServerArguments(resource, postgresBinary, account, listenPort).ToArray())
            .WithIconName("Database")
            .WithProbeHealthCheck(InfrastructureProbes.QueryPostgresAsync)
            // A stop is a smart shutdown, which waits on clients' pooled connections: end their sessions first.
            .WithAnnotation(new PlatformStopPreparationAnnotation(cancellationToken => InfrastructureProbes.EndPostgresClientSessionsAsync(resource, cancellationToken)))
            // initdb on first use: begun by the orchestrator while DCP starts, awaited here.
            .WithAnnotation(new PlatformStartPreparationAnnotation((services, cancellationToken) =>
                new PostgresCluster(resource, initdb, account, services.GetRequiredService<ResourceLoggerService>().GetLogger(resource)).PrepareAsync(cancellationToken)))
            .OnBeforeResourceStarted(async (server, @event, cancellationToken) =>
            {
                var log = @event.Services.GetRequiredService<ResourceLoggerService>().GetLogger(server);
                var cluster = new PostgresCluster(server, initdb, account, log);
                await server.Annotations.OfType<PlatformStartPreparationAnnotation>().Single().PrepareForStartAsync(@event.Services, cancellationToken);

                // The server starts after this handler returns; the bootstrap waits for its socket meanwhile.
                var stopping = @event.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
                var notifications = @event.Services.GetRequiredService<ResourceNotificationService>();
                var databases = @event.Services.GetRequiredService<DistributedApplicationModel>().Resources
                    .OfType<PostgresProcessDatabaseResource>().Where(database => database.Parent == server).ToArray();
                _ = Task.Run(async () =>
                {
                    string state;
                    try
                    {
                        await cluster.BootstrapAsync(stopping);
                        state = KnownResourceStates.Running;
                    }
                    catch (Exception exception) when (!stopping.IsCancellationRequested)
                    {
                        log.LogBootstrapFailure(exception);
                        state = KnownResourceStates.FailedToStart;
                    }

                    // Aspire carries a parent's state to its children only for containers: databases of a
                    // process-mode cluster are Running once they exist, which starts their health checks.
                    foreach (var database in databases)
                    {
                        await notifications.PublishUpdateAsync(database, snapshot => snapshot with { State = state, StartTimeStamp = DateTime.UtcNow });
                    }
                }, CancellationToken.None);
            });
    }

    private static IResourceBuilder<PostgresProcessDatabaseResource> AddPostgresProcessDatabase(this IDistributedApplicationBuilder builder, PostgresProcessResource server, string name, string databaseName)
    {
        var database = new PostgresProcessDatabaseResource(name, databaseName, server);
        server.AddDatabase(name, databaseName);

        return builder.AddResource(database)
            .WithInitialState(new CustomResourceSnapshot
            {
                ResourceType = "PostgresDatabase",
                State = KnownResourceStates.NotStarted,
                Properties = [new("deploycode.database", databaseName)],
            })
            .WithIconName("Database")
            .WithProbeHealthCheck(InfrastructureProbes.QueryPostgresAsync);
    }
}
