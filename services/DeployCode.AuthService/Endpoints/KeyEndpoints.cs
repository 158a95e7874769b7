using DeployCode.AuthService.Tokens;
using DeployCode.ServiceDefaults;
using Microsoft.Extensions.Options;

namespace DeployCode.AuthService.Endpoints;

/// <summary>The public keys (JWKS and the discovery document that names it) and key rotation.</summary>
internal static class KeyEndpoints
{
    public const string KeySetPath = "/.well-known/jwks.json";

    public static void MapKeyEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet(KeySetPath, (SigningKeyRing keys) => Results.Json(JsonWebKeySet.Of(keys.Published))).AllowAnonymous();
        app.MapGet("/.well-known/openid-configuration", (IOptions<PlatformAuthenticationOptions> platform) => Results.Json(new Dictionary<string, object>
        {
            // Named by the issuer, which is auth-service's name on every network the platform runs on.
            ["issuer"] = platform.Value.Issuer,
            ["jwks_uri"] = $"{platform.Value.Issuer.TrimEnd('/')}{KeySetPath}",
            ["token_endpoint"] = $"{platform.Value.Issuer.TrimEnd('/')}/auth/token",
            ["id_token_signing_alg_values_supported"] = new[] { PlatformAuthenticationExtensions.SigningAlgorithm },
        })).AllowAnonymous();
        app.MapPost("/auth/keys/rotate", RotateAsync).RequireAuthorization(PlatformPolicies.Admin);
    }

    private static async Task<IResult> RotateAsync(SigningKeyRing keys, HttpContext context)
    {
        var current = await keys.RotateAsync(context.RequestAborted);
        return Results.Ok(new { signingKeyId = current.KeyId, publishedKeyIds = keys.Published.Select(key => key.KeyId) });
    }
}
