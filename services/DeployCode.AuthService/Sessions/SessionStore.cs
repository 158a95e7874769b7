using DeployCode.ServiceDefaults;
using StackExchange.Redis;

namespace DeployCode.AuthService.Sessions;

/// <summary>Live sign-in sessions in Redis, one key per refresh-token family, expiring with its refresh token.</summary>
internal sealed class SessionStore(IConnectionMultiplexer redis) : IPlatformSessionCheck
{
    public Task OpenAsync(Guid sessionId, Guid userId, TimeSpan lifetime) =>
        redis.GetDatabase().StringSetAsync(PlatformSessions.RedisKey(sessionId.ToString()), userId.ToString(), lifetime);

    /// <summary>Keeps a session alive for another refresh-token lifetime; false when it has already ended.</summary>
    public Task<bool> ExtendAsync(Guid sessionId, TimeSpan lifetime) =>
        redis.GetDatabase().KeyExpireAsync(PlatformSessions.RedisKey(sessionId.ToString()), lifetime);

    public Task EndAsync(Guid sessionId) =>
        redis.GetDatabase().KeyDeleteAsync(PlatformSessions.RedisKey(sessionId.ToString()));

    public Task<bool> IsLiveAsync(string sessionId, CancellationToken cancellationToken) =>
        redis.GetDatabase().KeyExistsAsync(PlatformSessions.RedisKey(sessionId));
}
