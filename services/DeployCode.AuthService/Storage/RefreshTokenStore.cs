using System.Security.Cryptography;
using System.Text;
using DeployCode.AuthService.Tokens;
using DeployCode.ServiceDefaults;
using Npgsql;

namespace DeployCode.AuthService.Storage;

/// <summary>
/// Rotating refresh tokens (OAuth 2.0 Security BCP §4.14): each use gives a new token of the same family and spends
/// the old one; presenting a spent token means it was stolen or replayed, so the whole family is revoked. Only a
/// SHA-256 of each token is stored.
/// </summary>
internal sealed class RefreshTokenStore(NpgsqlDataSource dataSource, TimeProvider clock)
{
    private const int TokenBytes = 32;

    public enum RotationOutcome { Rotated, Reused, Invalid }

    /// <summary>Starts a family (a sign-in) or continues one, returning the token to hand out.</summary>
    public Task<string> IssueAsync(Guid userId, Guid familyId, TimeSpan lifetime, CancellationToken cancellationToken) => TransientDatabaseRetry.RunAsync<string>(async _ =>
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await InsertAsync(connection, userId, familyId, lifetime, cancellationToken);
    }, cancellationToken);

    /// <summary>Spends <paramref name="token"/> and issues its successor, or revokes the family on reuse.</summary>
    public Task<(RotationOutcome Outcome, Guid UserId, Guid FamilyId, string? Token)> RotateAsync(
        string token, TimeSpan lifetime, CancellationToken cancellationToken) => TransientDatabaseRetry.RunAsync<(RotationOutcome Outcome, Guid UserId, Guid FamilyId, string? Token)>(async _ =>
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var find = new NpgsqlCommand(
            "select user_id, family_id, expires_at, used_at, revoked_at from refresh_tokens where token_hash = $1 for update", connection)
        {
            Parameters = { new() { Value = HashOf(token) } },
        };

        Guid userId, familyId;
        DateTimeOffset expiresAt;
        bool used, revoked;
        await using (var reader = await find.ExecuteReaderAsync(cancellationToken))
        {
            if (!await reader.ReadAsync(cancellationToken))
            {
                return (RotationOutcome.Invalid, default, default, null);
            }

            (userId, familyId, expiresAt) = (reader.GetGuid(0), reader.GetGuid(1), reader.GetFieldValue<DateTimeOffset>(2));
            (used, revoked) = (!reader.IsDBNull(3), !reader.IsDBNull(4));
        }

        if (revoked)
        {
            return (RotationOutcome.Invalid, userId, familyId, null);
        }

        if (used)
        {
            await RevokeFamilyAsync(connection, familyId, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return (RotationOutcome.Reused, userId, familyId, null);
        }

        if (expiresAt <= clock.GetUtcNow())
        {
            return (RotationOutcome.Invalid, userId, familyId, null);
        }

        await using (var spend = new NpgsqlCommand("update refresh_tokens set used_at = $2 where token_hash = $1", connection))
        {
            spend.Parameters.Add(new() { Value = HashOf(token) });
            spend.Parameters.Add(new() { Value = clock.GetUtcNow() });
            await spend.ExecuteNonQueryAsync(cancellationToken);
        }

        var successor = await InsertAsync(connection, userId, familyId, lifetime, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return (RotationOutcome.Rotated, userId, familyId, successor);
    }, cancellationToken);

    /// <summary>Ends a family: none of its tokens refreshes again.</summary>
    public Task RevokeFamilyAsync(Guid familyId, CancellationToken cancellationToken) => TransientDatabaseRetry.RunAsync(async _ =>
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await RevokeFamilyAsync(connection, familyId, cancellationToken);
    }, cancellationToken);

    private async Task RevokeFamilyAsync(NpgsqlConnection connection, Guid familyId, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("update refresh_tokens set revoked_at = $2 where family_id = $1 and revoked_at is null", connection)
        {
            Parameters = { new() { Value = familyId }, new() { Value = clock.GetUtcNow() } },
        };
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private async Task<string> InsertAsync(NpgsqlConnection connection, Guid userId, Guid familyId, TimeSpan lifetime, CancellationToken cancellationToken)
    {
        var token = SigningKeyDerivation.Base64Url(RandomNumberGenerator.GetBytes(TokenBytes));
        var now = clock.GetUtcNow();
        await using var command = new NpgsqlCommand(
            "insert into refresh_tokens (token_hash, family_id, user_id, issued_at, expires_at) values ($1, $2, $3, $4, $5)", connection)
        {
            Parameters =
            {
                new() { Value = HashOf(token) }, new() { Value = familyId }, new() { Value = userId },
                new() { Value = now }, new() { Value = now + lifetime },
            },
        };
        await command.ExecuteNonQueryAsync(cancellationToken);
        return token;
    }

    private static byte[] HashOf(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));
}
