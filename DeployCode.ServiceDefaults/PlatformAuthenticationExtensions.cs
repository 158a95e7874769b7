using DeployCode.ServiceDefaults;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// The platform's token validation, the same in the gateway and in every service behind it, so that a request
/// that bypasses the gateway is refused the same way.
/// </summary>
public static class PlatformAuthenticationExtensions
{
    /// <summary>The only signing algorithm accepted: auth-service signs with ES256, so <c>none</c>, HS256 made with
    /// the public key (key confusion) and every other algorithm are refused before any key is tried.</summary>
    public const string SigningAlgorithm = SecurityAlgorithms.EcdsaSha256;

    // Service discovery comes with every client (ConfigureHttpClientDefaults); no retries: the handler refetches.
    private const string KeysClientName = "deploycode-signing-keys";

    /// <summary>
    /// Validates bearer tokens against auth-service's published keys (signature, issuer, audience, lifetime), checks
    /// the session where <see cref="IPlatformSessionCheck"/> is registered, and adds the role policies of
    /// <see cref="PlatformPolicies"/>. Every endpoint then needs a valid token unless it allows anonymous access.
    /// </summary>
    /// <example>
    /// <code>
    /// builder.AddServiceDefaults();
    /// builder.AddPlatformAuthentication();
    /// ...
    /// app.MapPost("/run", Run).RequireAuthorization(PlatformPolicies.Operator);
    /// </code>
    /// </example>
    public static TBuilder AddPlatformAuthentication<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);

        builder.Services.AddOptions<PlatformAuthenticationOptions>().BindConfiguration(PlatformAuthenticationOptions.SectionName);
        builder.Services.AddHttpClient(KeysClientName, client => client.Timeout = TimeSpan.FromSeconds(10));
        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        // A service that sees sessions itself (auth-service, the gateway: Redis) registers its own check after this.
        builder.Services.AddHttpClient(AuthServiceSessionCheck.ClientName, client => client.Timeout = TimeSpan.FromSeconds(5));
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddHttpContextAccessor();
        builder.Services.TryAddSingleton<IPlatformSessionCheck, AuthServiceSessionCheck>();
        builder.Services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<IOptions<PlatformAuthenticationOptions>, IHttpClientFactory>((options, platform, clients) =>
                Configure(options, platform.Value, clients));

        builder.Services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddPolicy(PlatformPolicies.Viewer, policy => policy.RequireRole(PlatformPolicies.Roles[PlatformPolicies.Viewer]))
            .AddPolicy(PlatformPolicies.Operator, policy => policy.RequireRole(PlatformPolicies.Roles[PlatformPolicies.Operator]))
            .AddPolicy(PlatformPolicies.Admin, policy => policy.RequireRole(PlatformPolicies.Roles[PlatformPolicies.Admin]));

        return builder;
    }

    /// <summary>
    /// Authenticates each request's bearer token, then authorizes it against its endpoint's policy.
    /// <paramref name="betweenAuthenticationAndAuthorization"/> runs where the caller is known but nothing is refused
    /// yet: the place for per-user rate limits.
    /// </summary>
    public static WebApplication UsePlatformAuthentication(this WebApplication app, Action<WebApplication>? betweenAuthenticationAndAuthorization = null)
    {
        ArgumentNullException.ThrowIfNull(app);

        app.UseAuthentication();
        betweenAuthenticationAndAuthorization?.Invoke(app);
        app.UseAuthorization();
        return app;
    }

    private static void Configure(JwtBearerOptions options, PlatformAuthenticationOptions platform, IHttpClientFactory clients)
    {
        options.MapInboundClaims = false;
        options.RequireHttpsMetadata = false;
        options.MetadataAddress = platform.MetadataAddress.ToString();
        // Through service discovery: the document names the key set as http://auth-service/.well-known/jwks.json.
        options.Backchannel = clients.CreateClient(KeysClientName);
        options.AutomaticRefreshInterval = platform.KeyRefreshInterval;
        options.RefreshInterval = TimeSpan.FromSeconds(30);
        options.TokenValidationParameters = new TokenValidationParameters
        {
            ValidIssuer = platform.Issuer,
            ValidAudience = platform.Audience,
            ValidAlgorithms = [SigningAlgorithm],
            RequireSignedTokens = true,
            RequireExpirationTime = true,
            ValidateIssuer = true,
            ValidateAudience = true,
            ValidateLifetime = true,
            ValidateIssuerSigningKey = true,
            ClockSkew = platform.ClockSkew,
            NameClaimType = "name",
            RoleClaimType = "role",
        };
        options.Events = new JwtBearerEvents { OnTokenValidated = CheckSessionAsync };
        // A token's signature is checked on its first request only (ValidatedTokenCache); its session on every one.
        options.TokenHandlers.Clear();
        options.TokenHandlers.Add(new ValidatedTokenCache(new JsonWebTokenHandler { MapInboundClaims = false }, TimeProvider.System));
    }

    private static async Task CheckSessionAsync(TokenValidatedContext context)
    {
        var sessions = context.HttpContext.RequestServices.GetService<IPlatformSessionCheck>();
        if (sessions is null)
        {
            return;
        }

        var sessionId = context.Principal?.FindFirst(PlatformSessions.ClaimType)?.Value;
        var userId = context.Principal?.FindFirst("sub")?.Value;
        if (string.IsNullOrEmpty(sessionId) || string.IsNullOrEmpty(userId))
        {
            context.Fail("The token names no session.");
            return;
        }

        try
        {
            var state = await sessions.CheckAsync(sessionId, userId, context.HttpContext.RequestAborted);
            if (!state.Live)
            {
                context.Fail("The token's session has ended (signed out or revoked).");
            }
            else if (state.Role is { } role && context.Principal!.Identity is System.Security.Claims.ClaimsIdentity identity && !context.Principal.IsInRole(role))
            {
                // The user's role changed since the token was issued: the current one counts, now.
                foreach (var claim in identity.FindAll(identity.RoleClaimType).ToList())
                {
                    identity.RemoveClaim(claim);
                }

                identity.AddClaim(new System.Security.Claims.Claim(identity.RoleClaimType, role));
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // Refused rather than let through: a token whose session cannot be checked may have been revoked.
            context.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>()
                .CreateLogger(typeof(PlatformAuthenticationExtensions))
                .LogWarning(exception, "Could not check session {SessionId}; refusing the token", sessionId);
            context.Fail("The token's session could not be checked.");
        }
    }
}
