using System.Security.Claims;
using DeployCode.McpHosting;
using ModelContextProtocol.Protocol;

namespace DeployCode.Services.Tests;

public sealed class ToolRolesTests
{
    private static readonly Tool s_reads = new() { Name = "read_graph", Annotations = new ToolAnnotations { ReadOnlyHint = true } };
    private static readonly Tool s_deletes = new() { Name = "delete_entities", Annotations = new ToolAnnotations { ReadOnlyHint = false, DestructiveHint = true } };
    private static readonly Tool s_unannotated = new() { Name = "create_issue" };

    [Theory]
    [InlineData("viewer", true, false, false)]
    [InlineData("operator", true, true, true)]
    [InlineData("admin", true, true, true)]
    [InlineData(null, false, false, false)]
    [InlineData("root", false, false, false)]
    public void AViewerMayCallReadOnlyToolsAndAnOperatorOrAdminEveryTool(string? role, bool reads, bool deletes, bool unannotated)
    {
        var user = new ClaimsPrincipal(new ClaimsIdentity(role is null ? [] : [new Claim(ClaimTypes.Role, role)], "test"));

        Assert.Equal(reads, ToolRoles.MayCall(user, s_reads));
        Assert.Equal(deletes, ToolRoles.MayCall(user, s_deletes));
        // A tool that does not say it only reads is taken to change things.
        Assert.Equal(unannotated, ToolRoles.MayCall(user, s_unannotated));
    }

    [Fact]
    public void ARefusalNamesTheRoleTheToolNeedsAndTheCallersRole()
    {
        var viewer = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Role, "viewer")], "test"));

        Assert.Equal("delete_entities changes things, so it needs the operator role or admin; your token's role is viewer. Read-only tools are open to every role.",
            ToolRoles.Refusal(viewer, s_deletes));
    }
}
