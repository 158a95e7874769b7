namespace DeployCode.ServiceDefaults;

/// <summary>
/// Registered by a service that can see sessions (it has Redis): a token whose session has ended is then refused
/// even though its signature and lifetime are valid.
/// </summary>
public interface IPlatformSessionCheck
{
    /// <summary>Whether the session <paramref name="sessionId"/> is still live.</summary>
    Task<bool> IsLiveAsync(string sessionId, CancellationToken cancellationToken);
}
