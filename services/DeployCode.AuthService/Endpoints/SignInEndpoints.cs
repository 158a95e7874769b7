using System.Globalization;
using System.Security.Claims;
using DeployCode.AuthService.Passwords;
using DeployCode.AuthService.Sessions;
using DeployCode.AuthService.Storage;
using DeployCode.AuthService.Tokens;
using DeployCode.ServiceDefaults;
using Microsoft.Extensions.Options;

namespace DeployCode.AuthService.Endpoints;

/// <summary>Signing in, refreshing and signing out.</summary>
internal static class SignInEndpoints
{
    private const string SignInFailed = "The user name or password is wrong.";

    public static void MapSignInEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/auth/token", IssueAsync).AllowAnonymous();
        app.MapPost("/auth/refresh", RefreshAsync).AllowAnonymous();
        app.MapPost("/auth/logout", LogOutAsync);
        // The caller's own session as the other services ask about it (AuthServiceSessionCheck): the token got here, so
        // it is live, and its role is the user's current one (the session check put it in).
        app.MapGet(PlatformSessions.StatePath, (ClaimsPrincipal principal) =>
            Results.Ok(new PlatformSessionState(true, principal.FindFirstValue("role"))));
    }

    private static async Task<IResult> IssueAsync(
        TokenRequest? request, HttpContext context, UserStore users, PasswordHasher passwords, LoginThrottle throttle, TokenGrant grant)
    {
        var errors = new Dictionary<string, string[]>();
        AuthFieldRules.CheckPresent(request?.Username, "username", errors, maximumLength: 64);
        AuthFieldRules.CheckPresent(request?.Password, "password", errors);
        if (errors.Count > 0)
        {
            return Results.ValidationProblem(errors);
        }

        var username = AuthFieldRules.Normalize(request!.Username);
        var address = context.Connection.RemoteIpAddress;
        var user = await users.FindByNameAsync(username, context.RequestAborted);
        // Before any password is tried: a throttled try learns nothing.
        if (await throttle.RetryAfterAsync(username, address, user?.ServiceAccount == true) is { } wait)
        {
            return TooManyAttempts(context, wait);
        }

        if (!PasswordHasher.Verify(request.Password!, user?.PasswordHash ?? passwords.Decoy) || user is null)
        {
            await throttle.RecordFailureAsync(username, address);
            return Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Sign-in failed", detail: SignInFailed);
        }

        await throttle.ForgetAccountFailuresAsync(username, address);
        return Results.Ok(await grant.StartSessionAsync(user, context.RequestAborted));
    }

    private static async Task<IResult> RefreshAsync(
        RefreshRequest? request, HttpContext context, RefreshTokenStore refreshTokens, UserStore users, SessionStore sessions,
        TokenGrant grant, IOptions<AuthOptions> options, ILogger<RefreshRequest> logger)
    {
        var errors = new Dictionary<string, string[]>();
        AuthFieldRules.CheckPresent(request?.RefreshToken, "refresh_token", errors);
        if (errors.Count > 0)
        {
            return Results.ValidationProblem(errors);
        }

        var lifetime = options.Value.RefreshTokenLifetime;
        var (outcome, userId, familyId, successor) = await refreshTokens.RotateAsync(request!.RefreshToken!, lifetime, context.RequestAborted);
        if (outcome == RefreshTokenStore.RotationOutcome.Reused)
        {
            await sessions.EndAsync(familyId);
            logger.LogWarning("Refresh token reuse in session {SessionId} of user {UserId}: the session is revoked", familyId, userId);
            return RefreshRefused("This refresh token was already used, so the session has been revoked. Sign in again.");
        }

        var user = outcome == RefreshTokenStore.RotationOutcome.Rotated ? await users.FindByIdAsync(userId, context.RequestAborted) : null;
        if (user is null || !await sessions.ExtendAsync(familyId, lifetime))
        {
            return RefreshRefused("The refresh token is not valid (expired, revoked or unknown). Sign in again.");
        }

        await sessions.SetRoleAsync(user.Id, user.Role, lifetime);
        return Results.Ok(grant.Continue(user, familyId, successor!));
    }

    private static async Task<IResult> LogOutAsync(ClaimsPrincipal principal, RefreshTokenStore refreshTokens, SessionStore sessions, HttpContext context)
    {
        if (!Guid.TryParse(principal.FindFirstValue(PlatformSessions.ClaimType), out var sessionId))
        {
            return RefreshRefused("The token names no session.");
        }

        await refreshTokens.RevokeFamilyAsync(sessionId, context.RequestAborted);
        await sessions.EndAsync(sessionId);
        return Results.NoContent();
    }

    private static IResult RefreshRefused(string detail) =>
        Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Refresh refused", detail: detail);

    private static IResult TooManyAttempts(HttpContext context, TimeSpan wait)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        return Results.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many failed sign-ins",
            detail: $"Too many failed sign-ins for this account from this address, from this address, or for this account from many addresses. Try again in {seconds} s.");
    }
}
