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
