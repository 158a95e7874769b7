using System.Security.Claims;
using DeployCode.AuthService.Storage;
using DeployCode.ServiceDefaults;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace DeployCode.AuthService.Tokens;

/// <summary>Signs short-lived access tokens (ES256) with the ring's current key.</summary>
internal sealed class AccessTokenIssuer(SigningKeyRing keys, IOptions<AuthOptions> auth, IOptions<PlatformAuthenticationOptions> platform, TimeProvider clock)
{
    private readonly JsonWebTokenHandler _handler = new();

    public (string Token, TimeSpan Lifetime) Issue(PlatformUser user, Guid sessionId)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var lifetime = auth.Value.AccessTokenLifetime;
        var token = _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = platform.Value.Issuer,
            Audience = platform.Value.Audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = now + lifetime,
            Subject = new ClaimsIdentity(
            [
                new Claim(JwtRegisteredClaimNames.Sub, user.Id.ToString()),
                new Claim("name", user.Username),
                new Claim("role", user.Role),
                new Claim(PlatformSessions.ClaimType, sessionId.ToString()),
                new Claim(JwtRegisteredClaimNames.Jti, Guid.NewGuid().ToString("N")),
            ]),
            SigningCredentials = new SigningCredentials(keys.Current, PlatformAuthenticationExtensions.SigningAlgorithm),
        });
        return (token, lifetime);
    }
}
