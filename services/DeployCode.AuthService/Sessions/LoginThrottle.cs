using System.Globalization;
using System.Net;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace DeployCode.AuthService.Sessions;

/// <summary>
/// Slows down password guessing without letting it lock anyone out, counting failed sign-ins in Redis (shared by every
/// replica) over <see cref="AuthOptions.FailureWindow"/>:
/// <list type="bullet">
/// <item>per account and address: past <see cref="AuthOptions.AccountFailureLimit"/> that address gets 429 for that
/// account; the right password from any other address still signs in at once;</item>
/// <item>per address: past <see cref="AuthOptions.AddressFailureLimit"/> that address gets 429 for every account;</item>
/// <item>per account, from all addresses: past <see cref="AuthOptions.AccountDelayAfter"/> each try waits, from the last
/// failure, a delay that doubles up to <see cref="AuthOptions.AccountMaxDelay"/>: a delay, never a lock-out.</item>
/// </list>
/// A service account is never throttled: its password is a generated secret no one can guess, and a lock-out would only
/// let anyone stop the deployment's own sign-ins. Its failures still count against the address they come from.
/// </summary>
internal sealed class LoginThrottle(IConnectionMultiplexer redis, IOptions<AuthOptions> options, TimeProvider clock)
{
    // Counts every key and starts each one's window on its first failure; records when the account last failed.
    private const string CountFailureScript = """
        for i, key in ipairs(KEYS) do
          if i < #KEYS then
            local count = redis.call('INCR', key)
            if count == 1 then redis.call('PEXPIRE', key, ARGV[1]) end
          else
            redis.call('SET', key, ARGV[2], 'PX', ARGV[1])
          end
        end
        return 0
        """;

    /// <summary>How long the caller must wait, or null when it may try now.</summary>
    public async Task<TimeSpan?> RetryAfterAsync(string username, IPAddress? address, bool serviceAccount)
    {
        if (serviceAccount)
        {
            return null;
        }

        var database = redis.GetDatabase();
        var limits = options.Value;
        var keys = Keys(username, address);
        var counts = await database.StringGetAsync([keys.Pair, keys.Address, keys.Account, keys.AccountLastFailure]);
        TimeSpan? wait = null;
        foreach (var (key, count, limit) in new[] { (keys.Pair, counts[0], limits.AccountFailureLimit), (keys.Address, counts[1], limits.AddressFailureLimit) })
        {
            if ((long?)count >= limit)
            {
                wait = Longer(wait, await database.KeyTimeToLiveAsync(key) ?? limits.FailureWindow);
            }
        }

        if ((long?)counts[2] is { } accountFailures && accountFailures >= limits.AccountDelayAfter && (long?)counts[3] is { } lastFailure)
        {
            var delay = Delay(accountFailures - limits.AccountDelayAfter, limits.AccountMaxDelay);
            var left = DateTimeOffset.FromUnixTimeMilliseconds(lastFailure) + delay - clock.GetUtcNow();
            if (left > TimeSpan.Zero)
            {
                wait = Longer(wait, left);
            }
        }

        return wait;
    }

    /// <summary>Counts a failed sign-in for the account, the address, and the two together.</summary>
    public async Task RecordFailureAsync(string username, IPAddress? address)
    {
        var keys = Keys(username, address);
        var window = (long)options.Value.FailureWindow.TotalMilliseconds;
        await redis.GetDatabase().ScriptEvaluateAsync(CountFailureScript, [keys.Pair, keys.Address, keys.Account, keys.AccountLastFailure],
            [window, clock.GetUtcNow().ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture)]);
    }

    /// <summary>
    /// A successful sign-in clears the account's counts (its own and from this address), not the address's: one good
    /// password among many guesses from one place should not reset them.
    /// </summary>
    public Task ForgetAccountFailuresAsync(string username, IPAddress? address)
    {
        var keys = Keys(username, address);
        return redis.GetDatabase().KeyDeleteAsync([keys.Pair, keys.Account, keys.AccountLastFailure]);
    }

    /// <summary>The wait after the n-th failure past the threshold (n from 0): 1 s, 2 s, 4 s, … up to <paramref name="longest"/>.</summary>
    internal static TimeSpan Delay(long beyond, TimeSpan longest) =>
        beyond >= 30 ? longest : TimeSpan.FromSeconds(Math.Min(longest.TotalSeconds, Math.Pow(2, beyond)));

    private static TimeSpan Longer(TimeSpan? current, TimeSpan candidate) => current is { } known && known >= candidate ? known : candidate;

    private static (RedisKey Pair, RedisKey Address, RedisKey Account, RedisKey AccountLastFailure) Keys(string username, IPAddress? address)
    {
        var from = address?.ToString() ?? "unknown";
        return ($"deploycode:auth:failures:pair:{username}:{from}", $"deploycode:auth:failures:address:{from}",
            $"deploycode:auth:failures:account:{username}", $"deploycode:auth:failures:account-last:{username}");
    }
}
