using DeployCode.ServiceDefaults;
using Npgsql;

namespace DeployCode.AuthService.Storage;

/// <summary>The <c>users</c> table. Changes that depend on who else exists (the first user, the last admin)
/// run under one advisory lock, so that two requests at once cannot both be first or both remove an admin.</summary>
internal sealed class UserStore(NpgsqlDataSource dataSource, TimeProvider clock)
{
    private const long UsersLockKey = 0x4445_504C_4F59_0002;
    private const string Columns = "id, username, role, password_hash, created_at, updated_at";

    public enum RegistrationOutcome { Created, NeedsAdmin, NameTaken }

    public enum RoleChangeOutcome { Changed, NotFound, LastAdmin }

    public async Task<PlatformUser?> FindByNameAsync(string username, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"select {Columns} from users where username = $1");
        command.Parameters.Add(new() { Value = username });
        return await ReadSingleAsync(command, cancellationToken);
    }

    public async Task<PlatformUser?> FindByIdAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"select {Columns} from users where id = $1");
        command.Parameters.Add(new() { Value = id });
        return await ReadSingleAsync(command, cancellationToken);
    }

    public async Task<IReadOnlyList<PlatformUser>> ListAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"select {Columns} from users order by username");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var users = new List<PlatformUser>();
        while (await reader.ReadAsync(cancellationToken))
        {
            users.Add(Read(reader));
        }

        return users;
    }

    /// <summary>Creates an account. The first one becomes admin whatever was asked; later ones need
    /// <paramref name="callerIsAdmin"/> and get <paramref name="role"/>.</summary>
    public async Task<(RegistrationOutcome Outcome, PlatformUser? User)> RegisterAsync(
        string username, string passwordHash, string role, bool callerIsAdmin, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await LockAsync(connection, cancellationToken);

        var first = await CountAsync(connection, "select count(*) from users", cancellationToken) == 0;
        if (!first && !callerIsAdmin)
        {
            return (RegistrationOutcome.NeedsAdmin, null);
        }

        var now = clock.GetUtcNow();
        var user = new PlatformUser(Guid.CreateVersion7(), username, first ? PlatformRoles.Admin : role, passwordHash, now, now);
        await using var insert = new NpgsqlCommand(
            $"insert into users ({Columns}) values ($1, $2, $3, $4, $5, $6) on conflict (username) do nothing", connection)
        {
            Parameters =
            {
                new() { Value = user.Id }, new() { Value = user.Username }, new() { Value = user.Role },
                new() { Value = user.PasswordHash }, new() { Value = user.CreatedAt }, new() { Value = user.UpdatedAt },
            },
        };
        if (await insert.ExecuteNonQueryAsync(cancellationToken) == 0)
        {
            return (RegistrationOutcome.NameTaken, null);
        }

        await transaction.CommitAsync(cancellationToken);
        return (RegistrationOutcome.Created, user);
    }

    /// <summary>Gives <paramref name="username"/> a new role, unless that would leave the platform without an admin.</summary>
    public async Task<(RoleChangeOutcome Outcome, PlatformUser? User)> ChangeRoleAsync(string username, string role, CancellationToken cancellationToken)
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
        reader.GetFieldValue<DateTimeOffset>(4), reader.GetFieldValue<DateTimeOffset>(5));
}
