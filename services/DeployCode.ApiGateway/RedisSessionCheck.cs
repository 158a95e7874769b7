using DeployCode.ServiceDefaults;
using StackExchange.Redis;

namespace DeployCode.ApiGateway;

/// <summary>The gateway sees auth-service's sessions and users' current roles in Redis, so a signed-out token stops at
/// the door at once instead of working until it expires.</summary>
internal sealed class RedisSessionCheck(IConnectionMultiplexer redis) : IPlatformSessionCheck
{
    public async Task<PlatformSessionState> CheckAsync(string sessionId, string userId, CancellationToken cancellationToken)
    {
        var values = await redis.GetDatabase().StringGetAsync([PlatformSessions.RedisKey(sessionId), PlatformSessions.RoleRedisKey(userId)]);
        return new PlatformSessionState(values[0].HasValue, values[1].HasValue ? values[1].ToString() : null);
    }
}
