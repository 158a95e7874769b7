using Npgsql;

namespace DeployCode.AuthService.Storage;

/// <summary>
/// auth-service's schema in PostgreSQL, created and migrated at start-up. Each migration runs once, in order,
/// under an advisory lock, so that replicas starting together neither race nor apply one twice.
/// </summary>
internal static class AuthDatabase
{
    private const long MigrationLockKey = 0x4445_504C_4F59_0001;

    private static readonly (int Version, string Description, string Sql)[] s_migrations =
    [
        (1, "users, refresh tokens, signing key generations", """
            create table users (
                id uuid primary key,
                username text not null unique,
                password_hash text not null,
                role text not null check (role in ('admin', 'operator', 'viewer')),
                created_at timestamptz not null,
                updated_at timestamptz not null);
            create table refresh_tokens (
                token_hash bytea primary key,
                family_id uuid not null,
                user_id uuid not null references users (id) on delete cascade,
                issued_at timestamptz not null,
                expires_at timestamptz not null,
                used_at timestamptz,
                revoked_at timestamptz);
            create index refresh_tokens_family_id on refresh_tokens (family_id);
            create table signing_key_generations (
                generation int primary key,
                activated_at timestamptz not null);
            insert into signing_key_generations (generation, activated_at) values (1, now());
            """),
    ];

    /// <summary>The first step of start-up: the database answers a real query.</summary>
    public static async Task VerifyConnectionAsync(this NpgsqlDataSource dataSource, ILogger logger, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("select current_database(), version()");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        logger.LogInformation("Database {Database} answered: {Version}", reader.GetString(0), reader.GetString(1));
    }

    /// <summary>Applies the migrations this database has not had yet; running it again changes nothing.</summary>
    public static async Task MigrateAsync(this NpgsqlDataSource dataSource, ILogger logger, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await ExecuteAsync(connection, $"select pg_advisory_xact_lock({MigrationLockKey})", cancellationToken);
        await ExecuteAsync(connection, """
            create table if not exists auth_schema_migrations (
                version int primary key,
                description text not null,
                applied_at timestamptz not null default now())
            """, cancellationToken);

        var applied = new HashSet<int>();
        await using (var command = new NpgsqlCommand("select version from auth_schema_migrations", connection))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                applied.Add(reader.GetInt32(0));
            }
        }

        foreach (var (version, description, sql) in s_migrations.Where(migration => !applied.Contains(migration.Version)))
        {
            await ExecuteAsync(connection, sql, cancellationToken);
            await using var record = new NpgsqlCommand("insert into auth_schema_migrations (version, description) values ($1, $2)", connection)
            {
                Parameters = { new() { Value = version }, new() { Value = description } },
            };
            await record.ExecuteNonQueryAsync(cancellationToken);
            logger.LogInformation("Applied schema migration {Version}: {Description}", version, description);
        }

        await transaction.CommitAsync(cancellationToken);
        logger.LogInformation("Schema at version {Version}", s_migrations[^1].Version);
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
