using Npgsql;

namespace DeployCode.AuthService;

/// <summary>The first step of auth-service's start-up: the database answers a real query.</summary>
internal static class DatabaseConnectionCheck
{
    public static async Task VerifyConnectionAsync(this NpgsqlDataSource dataSource, ILogger logger, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("select current_database(), version()");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        logger.LogInformation("Database {Database} answered: {Version}", reader.GetString(0), reader.GetString(1));
    }
}
