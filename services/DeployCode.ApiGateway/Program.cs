using DeployCode.ApiGateway;
using DeployCode.ServiceDefaults;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddPlatformAuthentication();
builder.AddRedisClient("redis");
builder.Services.AddProblemDetails();
builder.Services.AddOptions<GatewayOptions>().BindConfiguration(GatewayOptions.SectionName);
builder.Services.AddSingleton<RedisSessionCheck>();
builder.Services.AddCachedSessionCheck<RedisSessionCheck>();
builder.Services.AddGatewayRateLimits();

var gateway = builder.Configuration.GetSection(GatewayOptions.SectionName).Get<GatewayOptions>() ?? new GatewayOptions();
gateway.Validate();
builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = gateway.MaxRequestBodyBytes);
builder.Services.AddReverseProxy()
    .LoadFromMemory(GatewayRoutes.Routes(gateway.ForwardingSecret), GatewayRoutes.Clusters(gateway))
    .AddServiceDiscoveryDestinationResolver();

// /health aggregates the upstreams: without auth-service or circle-of-experts the gateway is not ready; a missing
// MCP server leaves it Degraded (still serving the rest) and names the server.
var health = builder.Services.AddHealthChecks();
foreach (var upstream in GatewayRoutes.RequiredUpstreams)
{
    health.AddPlatformService(upstream);
}

foreach (var server in GatewayRoutes.McpServers.Values)
{
    health.AddPlatformService(server, HealthStatus.Degraded);
}

var app = builder.Build();
// Redis connects while the rest of the start-up runs, not after it.
app.ConnectEarly<IConnectionMultiplexer>();

app.UseStatusCodePages();
app.Use(async (context, next) =>
{
    // A declared length over the limit is refused before anything is read or forwarded; a chunked body that grows
    // past it is cut by Kestrel's own limit.
    var limit = gateway.MaxRequestBodyBytes;
    if (context.Request.ContentLength > limit)
    {
        await Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Request too large",
            detail: $"The body is {context.Request.ContentLength} bytes; the gateway accepts at most {limit} (Gateway:MaxRequestBodyBytes).")
            .ExecuteAsync(context);
        return;
    }

    await next(context);
});
app.UsePlatformAuthentication(pipeline => pipeline.UseRateLimiter());
// A sign-out through the gateway ends the session here before its answer leaves: the next request with that token is
// refused even if auth-service's change message has not arrived yet.
app.Use(async (context, next) =>
{
    await next(context);
    if (context.Request.Path == "/auth/logout" && context.Response.StatusCode is >= 200 and < 300 &&
        context.User.FindFirst(PlatformSessions.ClaimType)?.Value is { } session)
    {
        context.RequestServices.GetRequiredService<CachedSessionCheck>().ForgetSession(session);
    }
});
app.MapDefaultEndpoints();
app.MapReverseProxy();

await app.RunAsync();
