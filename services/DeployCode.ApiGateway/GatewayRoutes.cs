using DeployCode.ServiceDefaults;
using Yarp.ReverseProxy.Configuration;

namespace DeployCode.ApiGateway;

/// <summary>
/// The gateway's route table. Upstreams are addressed by resource name (<c>http://auth-service</c>) and found by
/// service discovery, the same locally, in Compose and on Kubernetes. A route without a policy needs a valid token
/// (the fallback policy); only signing in, refreshing, registering and the public keys are anonymous.
/// </summary>
internal static class GatewayRoutes
{
    /// <summary>YARP's name for a route that skips authorization.</summary>
    private const string Anonymous = "Anonymous";

    /// <summary>The MCP servers: <c>/mcp/&lt;name&gt;</c> on the gateway, <c>/mcp</c> on the server.</summary>
    public static IReadOnlyDictionary<string, string> McpServers { get; } = new Dictionary<string, string>
    {
        ["filesystem"] = "mcp-filesystem",
        ["github"] = "mcp-github",
        ["memory"] = "mcp-memory",
        ["bashgod"] = "mcp-bashgod",
    };

    /// <summary>The upstreams the gateway cannot serve without; the MCP servers only degrade it.</summary>
    public static IReadOnlyList<string> RequiredUpstreams { get; } = ["auth-service", "circle-of-experts"];

    /// <summary>
    /// The routes; those to auth-service carry <paramref name="forwardingSecret"/> in <see cref="PlatformForwarding.GatewayHeader"/>
    /// (set over whatever a client sent), every other route drops that header.
    /// </summary>
    public static IReadOnlyList<RouteConfig> Routes(string forwardingSecret = "")
    {
        var routes = new List<RouteConfig>
        {
            Route("auth-token", "auth-service", "/auth/token", Anonymous),
            Route("auth-refresh", "auth-service", "/auth/refresh", Anonymous),
            Route("auth-register", "auth-service", "/auth/register", Anonymous),
            Route("auth-keys", "auth-service", "/.well-known/{**remainder}", Anonymous),
            Route("auth", "auth-service", "/auth/{**remainder}", policy: null),
            Route("experts", "circle-of-experts", "/experts/{**remainder}", policy: null),
        };
        foreach (var (name, server) in McpServers)
        {
            // Any signed-in user: which tools a role may call is the servers' own rule (ToolRoles), for direct calls too.
            routes.Add(Route($"mcp-{name}", server, $"/mcp/{name}/{{**remainder}}", policy: null) with
            {
                Transforms = [new Dictionary<string, string> { ["PathPattern"] = "/mcp/{**remainder}" }],
            });
        }

        return [.. routes.Select(route => route with
        {
            Transforms = [.. route.Transforms ?? [], route.ClusterId == "auth-service" && forwardingSecret.Length > 0
                ? new Dictionary<string, string> { ["RequestHeader"] = PlatformForwarding.GatewayHeader, ["Set"] = forwardingSecret }
                : new Dictionary<string, string> { ["RequestHeaderRemove"] = PlatformForwarding.GatewayHeader }],
        })];
    }

    public static IReadOnlyList<ClusterConfig> Clusters(GatewayOptions options) =>
    [
        .. RequiredUpstreams.Select(upstream => Cluster(upstream, activityTimeout: null)),
        // MCP over streamable HTTP keeps a server-sent event stream open between messages.
        .. McpServers.Values.Select(server => Cluster(server, options.StreamIdleTimeout)),
    ];

    private static RouteConfig Route(string id, string cluster, string path, string? policy) => new()
    {
        RouteId = id,
        ClusterId = cluster,
        Match = new RouteMatch { Path = path },
        AuthorizationPolicy = policy,
    };

    private static ClusterConfig Cluster(string upstream, TimeSpan? activityTimeout) => new()
    {
        ClusterId = upstream,
        Destinations = new Dictionary<string, DestinationConfig> { [upstream] = new() { Address = $"http://{upstream}" } },
        HttpRequest = activityTimeout is null ? null : new Yarp.ReverseProxy.Forwarder.ForwarderRequestConfig { ActivityTimeout = activityTimeout },
    };
}
