using System.Security.Claims;
using DeployCode.ServiceDefaults;
using ModelContextProtocol.Protocol;

namespace DeployCode.McpHosting;

/// <summary>
/// Who may call a tool, from the tool's own annotations: a viewer the read-only ones (<c>ReadOnly = true</c>), an
/// operator also every tool that changes something, an admin everything. One rule for the four servers, applied in
/// the server itself, so that it holds for a call through the gateway and for one that reaches the server directly.
/// </summary>
public static class ToolRoles
{
    /// <summary>The least role that may call <paramref name="tool"/>.</summary>
    public static string Needed(Tool tool)
    {
        ArgumentNullException.ThrowIfNull(tool);
        return tool.Annotations?.ReadOnlyHint == true ? PlatformRoles.Viewer : PlatformRoles.Operator;
    }

    /// <summary>Whether <paramref name="user"/> holds <paramref name="role"/> or a stronger one.</summary>
    public static bool Holds(ClaimsPrincipal? user, string role) => user is not null && role switch
    {
        PlatformRoles.Viewer => PlatformRoles.All.Any(user.IsInRole),
        PlatformRoles.Operator => user.IsInRole(PlatformRoles.Operator) || user.IsInRole(PlatformRoles.Admin),
        _ => user.IsInRole(PlatformRoles.Admin),
    };

    /// <summary>Whether <paramref name="user"/> may call <paramref name="tool"/>.</summary>
    public static bool MayCall(ClaimsPrincipal? user, Tool tool) => Holds(user, Needed(tool));

    /// <summary>The refusal of a call <paramref name="user"/> may not make: which role the tool needs, and which the caller has.</summary>
    public static string Refusal(ClaimsPrincipal? user, Tool tool)
    {
        ArgumentNullException.ThrowIfNull(tool);
        var held = PlatformRoles.All.FirstOrDefault(role => user?.IsInRole(role) == true) ?? "none";
        return $"{tool.Name} changes things, so it needs the {Needed(tool)} role or admin; your token's role is {held}. Read-only tools are open to every role.";
    }
}
