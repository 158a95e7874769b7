using StackExchange.Redis;

namespace DeployCode.ServiceDefaults;

/// <summary>
/// Sign-outs and role changes as Redis messages: auth-service publishes one whenever it ends a session or changes a
/// role (after writing Redis), and each service that caches session answers (<see cref="CachedSessionCheck"/>)
/// forgets the ones it names.
/// </summary>
public static class SessionChangeFeed
{
    /// <summary>The channel: messages are <c>session:&lt;id&gt;</c> or <c>user:&lt;id&gt;</c>.</summary>
    public static readonly RedisChannel Channel = RedisChannel.Literal("deploycode:session-changes");

    /// <summary>Tells every subscriber that a session ended.</summary>
    public static Task PublishSessionEndedAsync(IConnectionMultiplexer redis, string sessionId)
    {
        ArgumentNullException.ThrowIfNull(redis);
        return redis.GetSubscriber().PublishAsync(Channel, $"session:{sessionId}");
    }

    /// <summary>Tells every subscriber that a user's role changed.</summary>
    public static Task PublishUserChangedAsync(IConnectionMultiplexer redis, string userId)
    {
        ArgumentNullException.ThrowIfNull(redis);
        return redis.GetSubscriber().PublishAsync(Channel, $"user:{userId}");
    }

    /// <summary>
    /// Subscribes <paramref name="cache"/> to the changes, trying again every few seconds until Redis takes the
    /// subscription; while the connection is down the cache remembers nothing (messages sent meanwhile are lost),
    /// and when it comes back it starts afresh.
    /// </summary>
    public static async Task SubscribeAsync(IConnectionMultiplexer redis, CachedSessionCheck cache, Action<Exception> failed, CancellationToken stopping)
    {
        ArgumentNullException.ThrowIfNull(redis);
        ArgumentNullException.ThrowIfNull(cache);
        ArgumentNullException.ThrowIfNull(failed);
        redis.ConnectionFailed += (_, _) => cache.Deaf();
        redis.ConnectionRestored += (_, _) => cache.Hearing();
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await redis.GetSubscriber().SubscribeAsync(Channel, (_, message) => Heard(cache, message.ToString()));
                cache.Hearing();
                return;
            }
            catch (RedisException exception)
            {
                failed(exception);
                await Task.Delay(TimeSpan.FromSeconds(2), stopping);
            }
        }
    }

    private static void Heard(CachedSessionCheck cache, string message)
    {
        if (message.StartsWith("session:", StringComparison.Ordinal))
        {
            cache.ForgetSession(message["session:".Length..]);
        }
        else if (message.StartsWith("user:", StringComparison.Ordinal))
        {
            cache.ForgetUser(message["user:".Length..]);
        }
        else
        {
            cache.ForgetAll();
        }
    }
}
