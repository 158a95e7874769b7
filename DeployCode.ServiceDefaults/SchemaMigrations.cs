using System.Data.Common;
using Microsoft.Extensions.Logging;

namespace Microsoft.Extensions.Hosting;

/// <summary>One step of a service's schema: applied once, in version order.</summary>
/// <param name="Version">Its place in the order; never reused.</param>
/// <param name="Description">What it adds, for the log and the migrations table.</param>
/// <param name="Sql">The PostgreSQL statements.</param>
public sealed record SchemaMigration(int Version, string Description, string Sql);

/// <summary>
/// A service's PostgreSQL schema, created and migrated at start-up. Each migration runs once, in order, inside
/// one transaction under an advisory lock, so that replicas starting together neither race nor apply one twice.
/// </summary>
public static class SchemaMigrations
{
    /// <summary>The first step of start-up: the database answers a real query.</summary>
    public static async Task VerifyConnectionAsync(this DbDataSource dataSource, ILogger logger, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        ArgumentNullException.ThrowIfNull(logger);
        await using var command = dataSource.CreateCommand("select current_database(), version()");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        logger.LogInformation("Database {Database} answered: {Version}", reader.GetString(0), reader.GetString(1));
    }

    /// <summary>Applies the migrations this database has not had yet; running it again changes nothing.</summary>
    /// <param name="dataSource">The service's database.</param>
    /// <param name="table">The service's own migrations table (services share the database).</param>
    /// <param name="lockKey">The service's own advisory lock key.</param>
    /// <param name="migrations">Every migration, in version order.</param>
    /// <param name="logger">Where each applied migration is told.</param>
    /// <param name="cancellationToken">Stops waiting for the lock or the database.</param>
    public static async Task MigrateAsync(this DbDataSource dataSource, string table, long lockKey, IReadOnlyList<SchemaMigration> migrations, ILogger logger, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        ArgumentException.ThrowIfNullOrEmpty(table);
        ArgumentNullException.ThrowIfNull(migrations);
        ArgumentNullException.ThrowIfNull(logger);

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await ExecuteAsync(connection, $"select pg_advisory_xact_lock({lockKey})", cancellationToken);
        await ExecuteAsync(connection, $"""
            create table if not exists {table} (
                version int primary key,
                description text not null,
                applied_at timestamptz not null default now())
            """, cancellationToken);

        var applied = new HashSet<int>();
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = $"select version from {table}";
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                applied.Add(reader.GetInt32(0));
            }
        }

        foreach (var migration in migrations.Where(migration => !applied.Contains(migration.Version)))
        {
            await ExecuteAsync(connection, migration.Sql, cancellationToken);
            await using var record = connection.CreateCommand();
            record.CommandText = $"insert into {table} (version, description) values ($1, $2)";
            record.Parameters.Add(Parameter(record, migration.Version));
            record.Parameters.Add(Parameter(record, migration.Description));
            await record.ExecuteNonQueryAsync(cancellationToken);
            logger.LogInformation("Applied schema migration {Version}: {Description}", migration.Version, migration.Description);
        }

        await transaction.CommitAsync(cancellationToken);
        logger.LogInformation("Schema at version {Version}", migrations[^1].Version);
    }

    private static DbParameter Parameter(DbCommand command, object value)
    {
        var parameter = command.CreateParameter();
        parameter.Value = value;
        return parameter;
    }

    private static async Task ExecuteAsync(DbConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
