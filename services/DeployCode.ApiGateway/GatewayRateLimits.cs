using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace DeployCode.ApiGateway;

/// <summary>
/// Two limits on every proxied request, both must allow it: per client address, and per signed-in user (the token's
/// <c>sub</c>, so a user gets the same allowance from any address). Health, liveness and metrics are not counted.
/// </summary>
internal static class GatewayRateLimits
{
    public static IServiceCollection AddGatewayRateLimits(this IServiceCollection services)
    {
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<GatewayOptions>>((limiter, gateway) =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.GlobalLimiter = PartitionedRateLimiter.CreateChained(
                PerAddress(gateway.Value.PerAddressRequestsPerMinute),
                PerUser(gateway.Value.PerUserRequestsPerMinute));
            limiter.OnRejected = RejectAsync;
        });
        return services;
    }

    private static PartitionedRateLimiter<HttpContext> PerAddress(int permitsPerMinute) =>
        PartitionedRateLimiter.Create<HttpContext, string>(context => IsInfrastructure(context)
            ? RateLimitPartition.GetNoLimiter("infrastructure")
            : Window($"address:{context.Connection.RemoteIpAddress}", permitsPerMinute));

    private static PartitionedRateLimiter<HttpContext> PerUser(int permitsPerMinute) =>
        PartitionedRateLimiter.Create<HttpContext, string>(context => context.User.FindFirst("sub")?.Value is { } user && !IsInfrastructure(context)
            ? Window($"user:{user}", permitsPerMinute)
            : RateLimitPartition.GetNoLimiter("anonymous"));

    private static RateLimitPartition<string> Window(string key, int permitsPerMinute) =>
        RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = permitsPerMinute,
            Window = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
        });

    private static bool IsInfrastructure(HttpContext context) =>
        context.Request.Path.StartsWithSegments(ServiceDefaultsExtensions.HealthEndpointPath) ||
        context.Request.Path.StartsWithSegments(ServiceDefaultsExtensions.AlivenessEndpointPath) ||
        context.Request.Path.StartsWithSegments(ServiceDefaultsExtensions.MetricsEndpointPath);

    private static async ValueTask RejectAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var seconds = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter)
            ? Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds))
            : 60;
        var response = rejected.HttpContext.Response;
        response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        await Results.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many requests",
            detail: $"The rate limit of this user or address is used up. Try again in {seconds} s.").ExecuteAsync(rejected.HttpContext);
    }
}
