using StackExchange.Redis;

namespace DeployCode.ServiceDefaults;

/// <summary>
/// Sessions and users' current roles as auth-service keeps them in Redis: a session is live while its key exists, and
/// its user's role is the one under <see cref="PlatformSessions.RoleRedisKey"/>. The gateway checks tokens with it, so
/// a signed-out token stops at the door at once instead of working until it expires; auth-service answers with it too.
/// </summary>
public sealed class RedisSessionCheck(IConnectionMultiplexer redis) : IPlatformSessionCheck
{
    public async Task<PlatformSessionState> CheckAsync(string sessionId, string userId, CancellationToken cancellationToken)
    {
        var values = await redis.GetDatabase().StringGetAsync([PlatformSessions.RedisKey(sessionId), PlatformSessions.RoleRedisKey(userId)]);
        return new PlatformSessionState(values[0].HasValue, values[1].HasValue ? values[1].ToString() : null);
    }
}
