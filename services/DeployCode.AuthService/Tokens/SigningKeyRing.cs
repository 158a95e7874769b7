using System.Collections.Concurrent;
using DeployCode.ServiceDefaults;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using Npgsql;

namespace DeployCode.AuthService.Tokens;

/// <summary>
/// The signing keys, one per generation in the <c>signing_key_generations</c> table. The newest active generation
/// signs. The key set publishes it, the next one (so validators know a key before it signs anything), and each
/// older one until every token it signed has expired: a rotation never invalidates a token early.
/// </summary>
internal sealed class SigningKeyRing(NpgsqlDataSource dataSource, IOptions<AuthOptions> options, TimeProvider clock, ILogger<SigningKeyRing> logger)
{
    // Validators refetch the key set within 30 s of meeting an unknown key: a retired key stays a minute longer.
    private static readonly TimeSpan s_retentionMargin = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<int, ECDsaSecurityKey> _keys = new();
    private volatile KeyRingSnapshot? _snapshot;

    /// <summary>The key that signs now.</summary>
    public ECDsaSecurityKey Current => Snapshot.Current;

    /// <summary>The keys of the key set, and the only keys auth-service itself accepts.</summary>
    public IReadOnlyList<ECDsaSecurityKey> Published => Snapshot.Published;

    private KeyRingSnapshot Snapshot => _snapshot ?? throw new InvalidOperationException("The signing keys have not been loaded yet.");

    /// <summary>Reads the generations again; called at start-up and every few seconds after.</summary>
    public Task RefreshAsync(CancellationToken cancellationToken) => TransientDatabaseRetry.RunAsync(async _ =>
    {
        var generations = new List<(int Number, DateTimeOffset ActivatedAt)>();
        await using (var command = dataSource.CreateCommand("select generation, activated_at from signing_key_generations order by generation"))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                generations.Add((reader.GetInt32(0), reader.GetFieldValue<DateTimeOffset>(1)));
            }
        }

        var now = clock.GetUtcNow();
        var active = generations.Where(generation => generation.ActivatedAt <= now).ToList();
        var current = active[^1];
        var retention = options.Value.AccessTokenLifetime + s_retentionMargin;
        var stillValid = active.Zip(active.Skip(1), (older, successor) => (older.Number, RetiredAt: successor.ActivatedAt))
            .Where(older => older.RetiredAt > now - retention)
            .Select(older => older.Number);
        var published = new[] { current.Number, current.Number + 1 }.Concat(stillValid.Reverse()).Select(KeyOf).ToList();

        var previous = _snapshot;
        _snapshot = new KeyRingSnapshot(KeyOf(current.Number), published, current.Number, current.ActivatedAt);
        if (previous?.Generation != current.Number)
        {
            logger.LogInformation("Signing with key generation {Generation} ({KeyId}); publishing {KeyIds}",
                current.Number, _snapshot.Current.KeyId, string.Join(", ", published.Select(key => key.KeyId)));
        }
    }, cancellationToken);

    /// <summary>Makes the next generation the signing one. Replicas rotating at once agree: the first insert wins.</summary>
    public Task<ECDsaSecurityKey> RotateAsync(CancellationToken cancellationToken) => TransientDatabaseRetry.RunAsync<ECDsaSecurityKey>(async _ =>
    {
        await using (var command = dataSource.CreateCommand(
            "insert into signing_key_generations (generation, activated_at) values ($1, $2) on conflict (generation) do nothing"))
        {
            command.Parameters.Add(new() { Value = Snapshot.Generation + 1 });
            command.Parameters.Add(new() { Value = clock.GetUtcNow() });
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await RefreshAsync(cancellationToken);
        return Current;
    }, cancellationToken);

    /// <summary>Rotates when the signing generation is older than <see cref="AuthOptions.KeyRotationPeriod"/>.</summary>
    public async Task RotateIfDueAsync(CancellationToken cancellationToken)
    {
        if (clock.GetUtcNow() - Snapshot.ActivatedAt >= options.Value.KeyRotationPeriod)
        {
            await RotateAsync(cancellationToken);
        }
    }

    private ECDsaSecurityKey KeyOf(int generation) => _keys.GetOrAdd(generation, number =>
    {
        var key = SigningKeyDerivation.Derive(options.Value.SigningKey, number);
        return new ECDsaSecurityKey(key) { KeyId = SigningKeyDerivation.KeyIdOf(key) };
    });

    private sealed record KeyRingSnapshot(ECDsaSecurityKey Current, IReadOnlyList<ECDsaSecurityKey> Published, int Generation, DateTimeOffset ActivatedAt);
}
