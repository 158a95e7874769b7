namespace DeployCode.ServiceDefaults;

/// <summary>
/// Sign-in sessions: auth-service keeps each live session in Redis under <see cref="RedisKey"/>, and an access
/// token names its session in the <see cref="ClaimType"/> claim. Logging out or a detected refresh-token reuse
/// deletes the key, which ends the session's tokens wherever sessions are checked.
/// </summary>
public static class PlatformSessions
{
    /// <summary>The access token claim that names its session.</summary>
    public const string ClaimType = "sid";

    /// <summary>The path where auth-service answers <see cref="PlatformSessionState"/> for the caller's own token.</summary>
    public const string StatePath = "/auth/session";

    /// <summary>The Redis key of a user's current role, which auth-service writes at sign-in and on every role change.</summary>
    public static string RoleRedisKey(string userId)
    {
        ArgumentException.ThrowIfNullOrEmpty(userId);
        return $"deploycode:role:{userId}";
    }

    /// <summary>The Redis key of a live session.</summary>
    public static string RedisKey(string sessionId)
    {
        ArgumentException.ThrowIfNullOrEmpty(sessionId);
        return $"deploycode:session:{sessionId}";
    }
}
