using DeployCode.ApiGateway;
using DeployCode.ServiceDefaults;

namespace DeployCode.Services.Tests;

public sealed class GatewayRoutesTests
{
    private static readonly string[] s_publicPaths = ["/.well-known/{**remainder}", "/auth/refresh", "/auth/register", "/auth/token"];

    [Fact]
    public void OnlySigningInRefreshingRegisteringAndThePublicKeysAreAnonymous()
    {
        var anonymous = GatewayRoutes.Routes().Where(route => route.AuthorizationPolicy == "Anonymous").Select(route => route.Match.Path);

        Assert.Equal(s_publicPaths, anonymous.Order(StringComparer.Ordinal));
        Assert.All(anonymous, path => Assert.DoesNotContain("/auth/me", path!, StringComparison.Ordinal));
    }

    [Fact]
    public void EveryOtherRouteNeedsASignedInUserAndTheMcpServersDecideEachToolByRole()
    {
        var routes = GatewayRoutes.Routes().Where(route => route.AuthorizationPolicy != "Anonymous").ToDictionary(route => route.RouteId);

        Assert.Contains("mcp-bashgod", routes.Keys);
        Assert.All(routes.Values, route => Assert.Null(route.AuthorizationPolicy));
    }

    [Fact]
    public void EachMcpServerIsReachedAtItsOwnMcpEndpoint()
    {
        var routes = GatewayRoutes.Routes().ToDictionary(route => route.RouteId);

        foreach (var (name, server) in GatewayRoutes.McpServers)
        {
            var route = routes[$"mcp-{name}"];
            Assert.Equal(server, route.ClusterId);
            Assert.Equal($"/mcp/{name}/{{**remainder}}", route.Match.Path);
            Assert.Equal("/mcp/{**remainder}", Assert.Single(route.Transforms!, transform => transform.ContainsKey("PathPattern"))["PathPattern"]);
        }
    }

    [Fact]
    public void UpstreamsAreAddressedByResourceNameAndMcpStreamsMayIdle()
    {
        var options = new GatewayOptions { StreamIdleTimeout = TimeSpan.FromMinutes(7) };
        var clusters = GatewayRoutes.Clusters(options).ToDictionary(cluster => cluster.ClusterId);

        Assert.Equal(GatewayRoutes.RequiredUpstreams.Concat(GatewayRoutes.McpServers.Values).Order(), clusters.Keys.Order());
        Assert.All(clusters, cluster => Assert.Equal($"http://{cluster.Key}", Assert.Single(cluster.Value.Destinations!).Value.Address));
        Assert.All(GatewayRoutes.McpServers.Values, server => Assert.Equal(TimeSpan.FromMinutes(7), clusters[server].HttpRequest!.ActivityTimeout));
        Assert.Null(clusters["auth-service"].HttpRequest);
        Assert.All(GatewayRoutes.Routes(), route => Assert.Contains(route.ClusterId!, clusters.Keys));
    }

    [Theory]
    [InlineData(nameof(GatewayOptions.PerUserRequestsPerMinute), "Gateway:PerUserRequestsPerMinute")]
    [InlineData(nameof(GatewayOptions.PerAddressRequestsPerMinute), "Gateway:PerAddressRequestsPerMinute")]
    [InlineData(nameof(GatewayOptions.MaxRequestBodyBytes), "Gateway:MaxRequestBodyBytes")]
    public void ALimitOfZeroIsRefusedNamingTheSetting(string property, string setting)
    {
        var options = new GatewayOptions();
        var target = typeof(GatewayOptions).GetProperty(property)!;
        target.SetValue(options, Convert.ChangeType(0, target.PropertyType, System.Globalization.CultureInfo.InvariantCulture));

        Assert.StartsWith(setting, Assert.Throws<InvalidOperationException>(options.Validate).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void OnlyTheRoutesToAuthServiceCarryTheForwardingSecretAndEveryOtherDropsItsHeader()
    {
        var secret = new string('s', 48);
        var routes = GatewayRoutes.Routes(secret);

        Assert.All(routes, route =>
        {
            var header = Assert.Single(route.Transforms!, transform => transform.Values.Contains(PlatformForwarding.GatewayHeader));
            if (route.ClusterId == "auth-service")
            {
                Assert.Equal(secret, header["Set"]);
            }
            else
            {
                Assert.Equal(PlatformForwarding.GatewayHeader, header["RequestHeaderRemove"]);
            }
        });
        Assert.All(GatewayRoutes.Routes(), route => Assert.DoesNotContain(route.Transforms!, transform => transform.ContainsKey("Set")));
    }
}
