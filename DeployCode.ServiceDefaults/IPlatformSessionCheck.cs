namespace DeployCode.ServiceDefaults;

/// <summary>
/// What a service asks about each token it accepts, so that a sign-out or a role change takes effect within seconds,
/// not when the token expires. auth-service and the gateway read it from Redis; every other service asks auth-service
/// (<see cref="AuthServiceSessionCheck"/>, registered by <c>AddPlatformAuthentication</c>).
/// </summary>
public interface IPlatformSessionCheck
{
    /// <summary>The session <paramref name="sessionId"/> of user <paramref name="userId"/> as it stands now.</summary>
    Task<PlatformSessionState> CheckAsync(string sessionId, string userId, CancellationToken cancellationToken);
}

/// <summary>Whether a session is still live, and its user's role now (null: the token's role stands).</summary>
public sealed record PlatformSessionState(bool Live, string? Role);
