using Npgsql;

namespace DeployCode.AuthService.Storage;

/// <summary>
/// auth-service's schema in PostgreSQL, created and migrated at start-up (see <see cref="SchemaMigrations"/>).
/// </summary>
internal static class AuthDatabase
{
    private const long MigrationLockKey = 0x4445_504C_4F59_0001;

    private static readonly SchemaMigration[] s_migrations =
    [
        new(1, "users, refresh tokens, signing key generations", """
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
        new(2, "service accounts", """
            alter table users add column service_account boolean not null default false;
            """),
    ];

    /// <summary>Verifies the database answers, then applies auth-service's migrations that have not run yet.</summary>
    public static async Task PrepareAsync(this NpgsqlDataSource dataSource, ILogger logger, CancellationToken cancellationToken)
    {
        await dataSource.VerifyConnectionAsync(logger, cancellationToken);
        await dataSource.MigrateAsync("auth_schema_migrations", MigrationLockKey, s_migrations, logger, cancellationToken);
    }
}
