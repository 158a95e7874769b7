namespace DeployCode.AppHost;

/// <summary>What every service of the CODE platform shares, said once for AppHost.cs.</summary>
internal static class Extensions
{
    /// <summary>
    /// The deployment's verification of a CODE service: ServiceDefaults' <c>/health</c> and <c>/alive</c> answer, and so
    /// does each of <paramref name="alsoAnswering"/>; <paramref name="protectedPath"/>, without a token, is refused, as
    /// every path but health, liveness, metrics and sign-in is.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithServiceVerification(
        this IResourceBuilder<ProjectResource> service, string protectedPath = "/", params string[] alsoAnswering) =>
        service.WithVerifiedPaths(["/health", "/alive", .. alsoAnswering]).WithVerifiedTokenRequirement(protectedPath);

    /// <summary>
    /// An MCP server of the platform, which the gateway routes to at <c>/mcp/&lt;route&gt;</c>: verified as a service and
    /// through the gateway (MCP initialize and tools/list), and alerted on, with the other MCP servers, after two
    /// minutes down.
    /// </summary>
    public static IResourceBuilder<ProjectResource> AsMcpServer(this IResourceBuilder<ProjectResource> service, string route) =>
        service.WithServiceVerification()
            .WithVerifiedMcpEndpoint($"/mcp/{route}")
            .WithDownAlert("McpServerDown", "MCP server", TimeSpan.FromMinutes(2));
}
