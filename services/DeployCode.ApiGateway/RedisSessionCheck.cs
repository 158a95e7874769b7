using DeployCode.ServiceDefaults;
using StackExchange.Redis;

namespace DeployCode.ApiGateway;

/// <summary>The gateway sees auth-service's sessions in Redis, so a signed-out token stops at the door at once
/// instead of working until it expires.</summary>
internal sealed class RedisSessionCheck(IConnectionMultiplexer redis) : IPlatformSessionCheck
{
    public Task<bool> IsLiveAsync(string sessionId, CancellationToken cancellationToken) =>
        redis.GetDatabase().KeyExistsAsync(PlatformSessions.RedisKey(sessionId));
}
