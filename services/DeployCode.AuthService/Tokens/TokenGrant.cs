using DeployCode.AuthService.Endpoints;
using DeployCode.AuthService.Sessions;
using DeployCode.AuthService.Storage;
using Microsoft.Extensions.Options;

namespace DeployCode.AuthService.Tokens;

/// <summary>Hands out an access token with its refresh token, for a new session or the next turn of one.</summary>
internal sealed class TokenGrant(AccessTokenIssuer accessTokens, RefreshTokenStore refreshTokens, SessionStore sessions, IOptions<AuthOptions> options)
{
    public async Task<TokenResponse> StartSessionAsync(PlatformUser user, CancellationToken cancellationToken)
    {
        var sessionId = Guid.CreateVersion7();
        var lifetime = options.Value.RefreshTokenLifetime;
        var refreshToken = await refreshTokens.IssueAsync(user.Id, sessionId, lifetime, cancellationToken);
        await sessions.OpenAsync(sessionId, user.Id, user.Role, lifetime);
        return Continue(user, sessionId, refreshToken);
    }

    public TokenResponse Continue(PlatformUser user, Guid sessionId, string refreshToken)
    {
        var (accessToken, accessLifetime) = accessTokens.Issue(user, sessionId);
        return new TokenResponse(accessToken, "Bearer", (int)accessLifetime.TotalSeconds, refreshToken, (int)options.Value.RefreshTokenLifetime.TotalSeconds);
    }
}
