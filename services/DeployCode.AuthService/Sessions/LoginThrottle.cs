using System.Net;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace DeployCode.AuthService.Sessions;

/// <summary>
/// Counts failed sign-ins per account and per address in Redis (shared by every replica). Past the limit, sign-ins
/// for that account or from that address are refused with the time left in the window, before any password is tried.
/// </summary>
internal sealed class LoginThrottle(IConnectionMultiplexer redis, IOptions<AuthOptions> options)
{
    // Counts and starts the window on the first failure only, atomically.
    private const string CountFailureScript = """
        local count = redis.call('INCR', KEYS[1])
        if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
        return count
        """;

    /// <summary>How long the caller must wait, or null when it may try.</summary>
    public async Task<TimeSpan?> RetryAfterAsync(string username, IPAddress? address)
    {
        var database = redis.GetDatabase();
        var limits = options.Value;
        TimeSpan? wait = null;
        foreach (var (key, limit) in Keys(username, address).Zip([limits.AccountFailureLimit, limits.AddressFailureLimit]))
        {
            var count = (long?)await database.StringGetAsync(key) ?? 0;
            if (count >= limit)
            {
                var left = await database.KeyTimeToLiveAsync(key) ?? limits.FailureWindow;
                wait = wait is null || left > wait ? left : wait;
            }
        }

        return wait;
    }

    public async Task RecordFailureAsync(string username, IPAddress? address)
    {
        var database = redis.GetDatabase();
        var window = (long)options.Value.FailureWindow.TotalMilliseconds;
        foreach (var key in Keys(username, address))
        {
            await database.ScriptEvaluateAsync(CountFailureScript, [key], [window]);
        }
    }

    /// <summary>A successful sign-in clears the account's count (not the address's: one good password among many
    /// guesses from one place should not reset them).</summary>
    public Task ForgetAccountFailuresAsync(string username) => redis.GetDatabase().KeyDeleteAsync(Keys(username, null)[0]);

    private static RedisKey[] Keys(string username, IPAddress? address) =>
    [
        $"deploycode:auth:failures:account:{username}",
        $"deploycode:auth:failures:address:{address?.ToString() ?? "unknown"}",
    ];
}
