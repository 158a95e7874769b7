namespace DeployCode.ServiceDefaults;

/// <summary>The roles auth-service grants, carried in the access token's <c>role</c> claim.</summary>
public static class PlatformRoles
{
    /// <summary>Manages users and roles; everything an operator can do.</summary>
    public const string Admin = "admin";

    /// <summary>Runs things: BashGod execution, deployments; everything a viewer can do.</summary>
    public const string Operator = "operator";

    /// <summary>Reads and asks: the default role of a new user.</summary>
    public const string Viewer = "viewer";

    /// <summary>Every role, most powerful first.</summary>
    public static IReadOnlyList<string> All { get; } = [Admin, Operator, Viewer];

    /// <summary>Whether <paramref name="role"/> is one of the platform's roles (exact, lowercase).</summary>
    public static bool IsKnown(string? role) => role is not null && All.Contains(role, StringComparer.Ordinal);
}
