using System.Security.Claims;
using DeployCode.AuthService.Passwords;
using DeployCode.AuthService.Sessions;
using DeployCode.AuthService.Storage;
using DeployCode.ServiceDefaults;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;

namespace DeployCode.AuthService.Endpoints;

/// <summary>Accounts: registering, the caller's own account, and the admins' view of users and roles.</summary>
internal static class AccountEndpoints
{
    public static void MapAccountEndpoints(this IEndpointRouteBuilder app)
    {
        // Anonymous at the door: the first registration has no token to show; later ones are checked inside.
        app.MapPost("/auth/register", RegisterAsync).AllowAnonymous();
        app.MapGet("/auth/me", MeAsync);
        app.MapGet("/auth/users", ListAsync).RequireAuthorization(PlatformPolicies.Admin);
        app.MapPut("/auth/users/{username}/role", ChangeRoleAsync).RequireAuthorization(PlatformPolicies.Admin);
    }

    private static async Task<IResult> RegisterAsync(RegisterRequest? request, ClaimsPrincipal caller, UserStore users, IOptions<AuthOptions> options, HttpContext context)
    {
        var errors = new Dictionary<string, string[]>();
        AuthFieldRules.CheckUsername(request?.Username, errors);
        AuthFieldRules.CheckNewPassword(request?.Password, errors);
        AuthFieldRules.CheckRole(request?.Role, errors, required: false);
        if (errors.Count > 0)
        {
            return Results.ValidationProblem(errors);
        }

        var username = AuthFieldRules.Normalize(request!.Username);
        var (outcome, user) = await users.RegisterAsync(
            username, PasswordHasher.Hash(request.Password!), request.Role ?? PlatformRoles.Viewer, caller.IsInRole(PlatformRoles.Admin),
            options.Value.OpenFirstRegistration, context.RequestAborted);
        return outcome switch
        {
            UserStore.RegistrationOutcome.Created => Results.Created($"/auth/users/{user!.Username}", UserResponse.Of(user)),
            UserStore.RegistrationOutcome.NameTaken => Results.ValidationProblem(
                new Dictionary<string, string[]> { ["username"] = [$"'{username}' is taken."] }, statusCode: StatusCodes.Status409Conflict),
            _ when caller.Identity?.IsAuthenticated == true => Results.Problem(statusCode: StatusCodes.Status403Forbidden,
                title: "Registration refused", detail: "Only an admin can register users once the first one exists."),
            _ => Results.Problem(statusCode: StatusCodes.Status401Unauthorized,
                title: "Registration refused", detail: options.Value.OpenFirstRegistration
                    ? "Users exist already: send an admin's access token to register more."
                    : "Only an admin registers users here: sign in as the bootstrap admin (BOOTSTRAP_ADMIN_USERNAME in .env) and send its access token."),
        };
    }

    private static async Task<IResult> MeAsync(ClaimsPrincipal caller, UserStore users, HttpContext context) =>
        Guid.TryParse(caller.FindFirstValue(JwtRegisteredClaimNames.Sub), out var id) && await users.FindByIdAsync(id, context.RequestAborted) is { } user
            ? Results.Ok(UserResponse.Of(user))
            : Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Unknown account", detail: "The token's account no longer exists.");

    private static async Task<IResult> ListAsync(UserStore users, HttpContext context) =>
        Results.Ok((await users.ListAsync(context.RequestAborted)).Select(UserResponse.Of));

    private static async Task<IResult> ChangeRoleAsync(
        string username, RoleChangeRequest? request, UserStore users, SessionStore sessions, IOptions<AuthOptions> options, HttpContext context)
    {
        var errors = new Dictionary<string, string[]>();
        AuthFieldRules.CheckRole(request?.Role, errors, required: true);
        if (errors.Count > 0)
        {
            return Results.ValidationProblem(errors);
        }

        var (outcome, user) = await users.ChangeRoleAsync(AuthFieldRules.Normalize(username), request!.Role!, context.RequestAborted);
        if (outcome == UserStore.RoleChangeOutcome.Changed)
        {
            // Every service sees the new role within seconds, whatever role the user's tokens still name.
            await sessions.SetRoleAsync(user!.Id, user.Role, options.Value.RefreshTokenLifetime);
        }

        return outcome switch
        {
            UserStore.RoleChangeOutcome.Changed => Results.Ok(UserResponse.Of(user!)),
            UserStore.RoleChangeOutcome.NotFound => Results.Problem(statusCode: StatusCodes.Status404NotFound,
                title: "No such user", detail: $"No user is called '{username}'."),
            _ => Results.Problem(statusCode: StatusCodes.Status409Conflict,
                title: "Last admin", detail: $"'{user!.Username}' is the only admin: make another user admin first."),
        };
    }
}
