using Aspire.Hosting.ApplicationModel;
using Npgsql;
using StackExchange.Redis;

namespace DeployCode.Orchestrator.Health;

/// <summary>The real operations that tell process-mode infrastructure is serving.</summary>
internal static class InfrastructureProbes
{
    /// <summary>Connects with the connection string services get and runs a query.</summary>
    public static async Task QueryPostgresAsync(IResourceWithConnectionString resource, CancellationToken cancellationToken)
    {
        var connectionString = await resource.ConnectionStringExpression.GetValueAsync(cancellationToken);
        var builder = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false, Timeout = 5 };
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("select 1", connection);
        await command.ExecuteScalarAsync(cancellationToken);
    }

    /// <summary>
    /// Ends the sessions of PostgreSQL's clients before the server is stopped. A stop sends SIGTERM, which PostgreSQL
    /// takes as a smart shutdown: it waits for every client to disconnect, and services' connection pools never do,
    /// so DCP would kill it after its timeout and the next start would begin with crash recovery.
    /// </summary>
    public static async Task EndPostgresClientSessionsAsync(IResourceWithConnectionString resource, CancellationToken cancellationToken)
    {
        var connectionString = await resource.ConnectionStringExpression.GetValueAsync(cancellationToken);
        var builder = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false, Timeout = 3 };
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            "select count(pg_terminate_backend(pid)) from pg_stat_activity where backend_type = 'client backend' and pid <> pg_backend_pid()", connection);
        await command.ExecuteScalarAsync(cancellationToken);
    }

    /// <summary>Connects with the connection string services get and sends PING.</summary>
    public static async Task PingRedisAsync(IResourceWithConnectionString resource, CancellationToken cancellationToken)
    {
        var connectionString = await resource.ConnectionStringExpression.GetValueAsync(cancellationToken);
        var options = ConfigurationOptions.Parse(connectionString!);
        options.AbortOnConnectFail = true;
        options.ConnectTimeout = 5000;
        await using var connection = await ConnectionMultiplexer.ConnectAsync(options);
        await connection.GetDatabase().PingAsync();
    }
}
