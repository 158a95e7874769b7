using DeployCode.AuthService.Passwords;
using DeployCode.ServiceDefaults;
using Npgsql;

namespace DeployCode.AuthService.Storage;

/// <summary>The <c>users</c> table. Changes that depend on who else exists (the first user, the last admin)
/// run under one advisory lock, so that two requests at once cannot both be first or both remove an admin.</summary>
internal sealed class UserStore(NpgsqlDataSource dataSource, TimeProvider clock)
{
    private const long UsersLockKey = 0x4445_504C_4F59_0002;
    private const string Columns = "id, username, role, password_hash, created_at, updated_at, service_account";

    public enum RegistrationOutcome { Created, NeedsAdmin, NameTaken }

    public enum RoleChangeOutcome { Changed, NotFound, LastAdmin }

    public enum ServiceAccountOutcome { Created, Updated, Unchanged, NameTakenByUser }

    public Task<PlatformUser?> FindByNameAsync(string username, CancellationToken cancellationToken) => TransientDatabaseRetry.RunAsync<PlatformUser?>(async _ =>
    {
        await using var command = dataSource.CreateCommand($"select {Columns} from users where username = $1");
        command.Parameters.Add(new() { Value = username });
        return await ReadSingleAsync(command, cancellationToken);
    }, cancellationToken);

    public Task<PlatformUser?> FindByIdAsync(Guid id, CancellationToken cancellationToken) => TransientDatabaseRetry.RunAsync<PlatformUser?>(async _ =>
    {
        await using var command = dataSource.CreateCommand($"select {Columns} from users where id = $1");
        command.Parameters.Add(new() { Value = id });
        return await ReadSingleAsync(command, cancellationToken);
    }, cancellationToken);

    public Task<IReadOnlyList<PlatformUser>> ListAsync(CancellationToken cancellationToken) => TransientDatabaseRetry.RunAsync<IReadOnlyList<PlatformUser>>(async _ =>
    {
        await using var command = dataSource.CreateCommand($"select {Columns} from users order by username");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var users = new List<PlatformUser>();
        while (await reader.ReadAsync(cancellationToken))
        {
            users.Add(Read(reader));
        }

        return users;
    }, cancellationToken);

    /// <summary>Creates an account. The first one becomes admin whatever was asked; later ones need
    /// <paramref name="callerIsAdmin"/> and get <paramref name="role"/>.</summary>
    public Task<(RegistrationOutcome Outcome, PlatformUser? User)> RegisterAsync(
        string username, string passwordHash, string role, bool callerIsAdmin, bool openFirstRegistration, CancellationToken cancellationToken) => TransientDatabaseRetry.RunAsync<(RegistrationOutcome Outcome, PlatformUser? User)>(async _ =>
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await LockAsync(connection, cancellationToken);

        // The deployment's own service accounts exist before anyone registers: the first person is still the first user.
        var first = openFirstRegistration && await CountAsync(connection, "select count(*) from users where not service_account", cancellationToken) == 0;
        if (!first && !callerIsAdmin)
        {
            return (RegistrationOutcome.NeedsAdmin, null);
        }

        var now = clock.GetUtcNow();
        var user = new PlatformUser(Guid.CreateVersion7(), username, first ? PlatformRoles.Admin : role, passwordHash, now, now);
        if (!await InsertAsync(connection, user, cancellationToken))
        {
            return (RegistrationOutcome.NameTaken, null);
        }

        await transaction.CommitAsync(cancellationToken);
        return (RegistrationOutcome.Created, user);
    }, cancellationToken);

    /// <summary>Creates a person's account with <paramref name="role"/> unless one of that name exists; whether it did.</summary>
    public Task<bool> CreateIfAbsentAsync(string username, string passwordHash, string role, CancellationToken cancellationToken) => TransientDatabaseRetry.RunAsync<bool>(async _ =>
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var now = clock.GetUtcNow();
        return await InsertAsync(connection, new PlatformUser(Guid.CreateVersion7(), username, role, passwordHash, now, now), cancellationToken);
    }, cancellationToken);

    /// <summary>
    /// Makes the service account <paramref name="username"/> exist with <paramref name="password"/> and
    /// <paramref name="role"/>: created, brought up to date, or left as it is. A person's account of that name is
    /// never taken over.
    /// </summary>
    public Task<ServiceAccountOutcome> EnsureServiceAccountAsync(string username, string password, string role, CancellationToken cancellationToken) => TransientDatabaseRetry.RunAsync<ServiceAccountOutcome>(async _ =>
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await LockAsync(connection, cancellationToken);

        await using var find = new NpgsqlCommand($"select {Columns} from users where username = $1", connection) { Parameters = { new() { Value = username } } };
        var existing = await ReadSingleAsync(find, cancellationToken);
        var now = clock.GetUtcNow();
        ServiceAccountOutcome outcome;
        if (existing is null)
        {
            await InsertAsync(connection, new PlatformUser(Guid.CreateVersion7(), username, role, PasswordHasher.Hash(password), now, now, ServiceAccount: true), cancellationToken);
            outcome = ServiceAccountOutcome.Created;
        }
        else if (!existing.ServiceAccount)
        {
            return ServiceAccountOutcome.NameTakenByUser;
        }
        else if (existing.Role == role && PasswordHasher.Verify(password, existing.PasswordHash))
        {
            return ServiceAccountOutcome.Unchanged;
        }
        else
        {
            await using var update = new NpgsqlCommand("update users set role = $2, password_hash = $3, updated_at = $4 where id = $1", connection)
            {
                Parameters = { new() { Value = existing.Id }, new() { Value = role }, new() { Value = PasswordHasher.Hash(password) }, new() { Value = now } },
            };
            await update.ExecuteNonQueryAsync(cancellationToken);
            outcome = ServiceAccountOutcome.Updated;
        }

        await transaction.CommitAsync(cancellationToken);
        return outcome;
    }, cancellationToken);

    /// <summary>Gives <paramref name="username"/> a new role, unless that would leave the platform without an admin.</summary>
    public Task<(RoleChangeOutcome Outcome, PlatformUser? User)> ChangeRoleAsync(string username, string role, CancellationToken cancellationToken) => TransientDatabaseRetry.RunAsync<(RoleChangeOutcome Outcome, PlatformUser? User)>(async _ =>
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await LockAsync(connection, cancellationToken);

        await using var find = new NpgsqlCommand($"select {Columns} from users where username = $1", connection) { Parameters = { new() { Value = username } } };
        var user = await ReadSingleAsync(find, cancellationToken);
        if (user is null)
        {
            return (RoleChangeOutcome.NotFound, null);
        }

        if (user.Role == PlatformRoles.Admin && role != PlatformRoles.Admin &&
            await CountAsync(connection, $"select count(*) from users where role = '{PlatformRoles.Admin}'", cancellationToken) == 1)
        {
            return (RoleChangeOutcome.LastAdmin, user);
        }

        var changed = user with { Role = role, UpdatedAt = clock.GetUtcNow() };
        await using var update = new NpgsqlCommand("update users set role = $2, updated_at = $3 where id = $1", connection)
        {
            Parameters = { new() { Value = changed.Id }, new() { Value = changed.Role }, new() { Value = changed.UpdatedAt } },
        };
        await update.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return (RoleChangeOutcome.Changed, changed);
    }, cancellationToken);

    /// <summary>Inserts <paramref name="user"/>; false when the name is taken.</summary>
    private static async Task<bool> InsertAsync(NpgsqlConnection connection, PlatformUser user, CancellationToken cancellationToken)
    {
        await using var insert = new NpgsqlCommand(
            $"insert into users ({Columns}) values ($1, $2, $3, $4, $5, $6, $7) on conflict (username) do nothing", connection)
        {
            Parameters =
            {
                new() { Value = user.Id }, new() { Value = user.Username }, new() { Value = user.Role }, new() { Value = user.PasswordHash },
                new() { Value = user.CreatedAt }, new() { Value = user.UpdatedAt }, new() { Value = user.ServiceAccount },
            },
        };
        return await insert.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    private static async Task LockAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand($"select pg_advisory_xact_lock({UsersLockKey})", connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<long> CountAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private static async Task<PlatformUser?> ReadSingleAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    private static PlatformUser Read(NpgsqlDataReader reader) => new(
        reader.GetGuid(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
        reader.GetFieldValue<DateTimeOffset>(4), reader.GetFieldValue<DateTimeOffset>(5), reader.GetBoolean(6));
}
