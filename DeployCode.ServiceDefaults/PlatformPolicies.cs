namespace DeployCode.ServiceDefaults;

/// <summary>
/// The authorization policies every service registers, by the least role they need. Without a named policy,
/// an endpoint needs a valid token (the fallback policy); health, liveness and metrics stay anonymous.
/// </summary>
public static class PlatformPolicies
{
    /// <summary>Any signed-in user (viewer, operator or admin).</summary>
    public const string Viewer = "viewer";

    /// <summary>Operators and admins: running commands, changing deployments.</summary>
    public const string Operator = "operator";

    /// <summary>Admins only: users and roles, signing keys.</summary>
    public const string Admin = "admin";

    /// <summary>The roles each policy admits.</summary>
    internal static IReadOnlyDictionary<string, string[]> Roles { get; } = new Dictionary<string, string[]>
    {
        [Viewer] = [PlatformRoles.Admin, PlatformRoles.Operator, PlatformRoles.Viewer],
        [Operator] = [PlatformRoles.Admin, PlatformRoles.Operator],
        [Admin] = [PlatformRoles.Admin],
    };
}
