namespace DeployCode.ServiceDefaults;

/// <summary>
/// How auth-service knows a request comes through the gateway, and so may take the caller's address from
/// <c>X-Forwarded-For</c>: the gateway sets <see cref="GatewayHeader"/> to a secret only the two share (the AppHost's
/// generated <c>gateway-forwarding-secret</c>). Any other caller's <c>X-Forwarded-For</c> is ignored, wherever it
/// comes from: a private network is no proof, since every local process and every container on the network is on one.
/// </summary>
public static class PlatformForwarding
{
    /// <summary>The header that carries the shared secret from the gateway to auth-service.</summary>
    public const string GatewayHeader = "X-DeployCode-Gateway";

    /// <summary>The shortest secret either side accepts.</summary>
    public const int MinimumSecretLength = 32;
}
