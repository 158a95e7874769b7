using DeployCode.ServiceDefaults;
using StackExchange.Redis;

namespace DeployCode.AuthService.Sessions;

/// <summary>
/// Live sign-in sessions in Redis, one key per refresh-token family, expiring with its refresh token; and each user's
/// current role beside them, so that every service sees a sign-out or a role change within seconds.
/// </summary>
internal sealed class SessionStore(IConnectionMultiplexer redis, IServiceProvider services) : IPlatformSessionCheck
{
    // This service's own cache of session answers forgets a change at once, before the request that made it returns;
    // the others hear of it from the feed.
    private CachedSessionCheck? OwnCache => services.GetService<CachedSessionCheck>();

    private readonly RedisSessionCheck _reader = new(redis);

    public async Task OpenAsync(Guid sessionId, Guid userId, string role, TimeSpan lifetime)
    {
        var database = redis.GetDatabase();
        await database.StringSetAsync(PlatformSessions.RedisKey(sessionId.ToString()), userId.ToString(), lifetime);
        await SetRoleAsync(userId, role, lifetime);
    }

    /// <summary>Keeps a session alive for another refresh-token lifetime; false when it has already ended.</summary>
    public Task<bool> ExtendAsync(Guid sessionId, TimeSpan lifetime) =>
        redis.GetDatabase().KeyExpireAsync(PlatformSessions.RedisKey(sessionId.ToString()), lifetime);

    /// <summary>Ends the session, then tells every service that caches session answers.</summary>
    public async Task EndAsync(Guid sessionId)
    {
        await redis.GetDatabase().KeyDeleteAsync(PlatformSessions.RedisKey(sessionId.ToString()));
        OwnCache?.ForgetSession(sessionId.ToString());
        await SessionChangeFeed.PublishSessionEndedAsync(redis, sessionId.ToString());
    }

    /// <summary>
    /// Records <paramref name="userId"/>'s role as it is now, for as long as a session of theirs can last, then tells
    /// every service that caches session answers.
    /// </summary>
    public async Task SetRoleAsync(Guid userId, string role, TimeSpan lifetime)
    {
        await redis.GetDatabase().StringSetAsync(PlatformSessions.RoleRedisKey(userId.ToString()), role, lifetime);
        OwnCache?.ForgetUser(userId.ToString());
        await SessionChangeFeed.PublishUserChangedAsync(redis, userId.ToString());
    }

    public Task<PlatformSessionState> CheckAsync(string sessionId, string userId, CancellationToken cancellationToken) =>
        _reader.CheckAsync(sessionId, userId, cancellationToken);
}
