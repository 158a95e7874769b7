namespace DeployCode.ApiGateway;

/// <summary>The <c>Gateway</c> configuration section.</summary>
public sealed class GatewayOptions
{
    /// <summary>The section the options bind to.</summary>
    public const string SectionName = "Gateway";

    /// <summary>Requests one signed-in user may make per minute, over every route.</summary>
    public int PerUserRequestsPerMinute { get; set; } = 600;

    /// <summary>Requests one client address may make per minute, signed in or not.</summary>
    public int PerAddressRequestsPerMinute { get; set; } = 1200;

    /// <summary>The largest request body accepted (the filesystem server's 10 MB file limit plus JSON overhead).</summary>
    public long MaxRequestBodyBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>How long a proxied MCP stream may stay silent before it is cut (server-sent events idle between messages).</summary>
    public TimeSpan StreamIdleTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// The secret the gateway shows auth-service with every request it forwards there, so that auth-service believes its
    /// <c>X-Forwarded-For</c> (the AppHost's generated <c>gateway-forwarding-secret</c>); empty: auth-service sees only
    /// the gateway's own address.
    /// </summary>
    public string ForwardingSecret { get; set; } = "";

    /// <summary>Throws with the setting to fix when the options cannot work.</summary>
    public void Validate()
    {
        Require(PerUserRequestsPerMinute > 0, "Gateway:PerUserRequestsPerMinute", "at least 1");
        Require(PerAddressRequestsPerMinute > 0, "Gateway:PerAddressRequestsPerMinute", "at least 1");
        Require(MaxRequestBodyBytes > 0, "Gateway:MaxRequestBodyBytes", "a positive number of bytes");
        Require(StreamIdleTimeout > TimeSpan.Zero, "Gateway:StreamIdleTimeout", "a positive duration such as 00:10:00");
        Require(ForwardingSecret.Length is 0 or >= DeployCode.ServiceDefaults.PlatformForwarding.MinimumSecretLength, "Gateway:ForwardingSecret",
            $"empty or at least {DeployCode.ServiceDefaults.PlatformForwarding.MinimumSecretLength} characters (the AppHost passes its 'gateway-forwarding-secret')");
    }

    private static void Require(bool condition, string key, string expectation)
    {
        if (!condition)
        {
            throw new InvalidOperationException($"{key} must be {expectation}.");
        }
    }
}
