namespace DeployCode.ServiceDefaults;

/// <summary>
/// The <c>Authentication</c> section: how a service validates the platform's access tokens. The defaults are
/// the same everywhere because <c>auth-service</c> is reached by that name locally (service discovery), in
/// Compose and on Kubernetes.
/// </summary>
public sealed class PlatformAuthenticationOptions
{
    /// <summary>The section the options bind to.</summary>
    public const string SectionName = "Authentication";

    /// <summary>The <c>iss</c> every token must carry.</summary>
    public string Issuer { get; set; } = "http://auth-service";

    /// <summary>The <c>aud</c> every token must carry.</summary>
    public string Audience { get; set; } = "code-platform";

    /// <summary>Where the signing keys are found (an OpenID Connect discovery document naming the JWKS).</summary>
    public Uri MetadataAddress { get; set; } = new("http://auth-service/.well-known/openid-configuration");

    /// <summary>How far the clocks of issuer and validator may disagree.</summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often the signing keys are fetched again when nothing asks sooner.</summary>
    public TimeSpan KeyRefreshInterval { get; set; } = TimeSpan.FromMinutes(5);
}
