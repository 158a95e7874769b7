using System.Net;
using System.Security.Cryptography;
using System.Text;
using DeployCode.ServiceDefaults;

namespace DeployCode.AuthService.Sessions;

/// <summary>
/// The caller's address for sign-in throttling: the connection's own, unless the request proves it comes from the
/// gateway (<see cref="PlatformForwarding.GatewayHeader"/> holds the shared secret), in which case the address the
/// gateway put last in <c>X-Forwarded-For</c> (the one it saw). Anyone else's <c>X-Forwarded-For</c> is ignored, so
/// a local process cannot give itself a new address on every try.
/// </summary>
internal static class GatewayForwardedAddress
{
    public static IApplicationBuilder UseGatewayForwardedAddress(this IApplicationBuilder app, string gatewaySecret)
    {
        var secret = Encoding.UTF8.GetBytes(gatewaySecret);
        return app.Use((context, next) =>
        {
            if (secret.Length > 0 && FromGateway(context.Request.Headers[PlatformForwarding.GatewayHeader], secret) &&
                LastForwarded(context.Request.Headers["X-Forwarded-For"]) is { } forwarded)
            {
                context.Connection.RemoteIpAddress = forwarded;
            }

            return next(context);
        });
    }

    private static bool FromGateway(Microsoft.Extensions.Primitives.StringValues header, byte[] secret) =>
        header.Count == 1 && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(header[0] ?? ""), secret);

    private static IPAddress? LastForwarded(Microsoft.Extensions.Primitives.StringValues header)
    {
        var last = header.SelectMany(value => (value ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)).LastOrDefault();
        return IPAddress.TryParse(last, out var address) ? address : null;
    }
}
