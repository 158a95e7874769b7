using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

using DeployCode.Orchestrator.Telemetry.Status;

namespace DeployCode.Orchestrator.Telemetry;

/// <summary>
/// The orchestrator's own HTTP endpoint inside the AppHost: <c>/metrics</c> (Prometheus text format),
/// <c>/registry</c> (every component as JSON) and <c>/health</c>.
/// </summary>
internal sealed class TelemetryServer(WebApplication app, int port) : IAsyncDisposable
{
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>The port it listens on.</summary>
    public int Port => port;

    /// <summary>The address to reach it from this machine.</summary>
    public Uri Address => new($"http://127.0.0.1:{port}");

    /// <summary>
    /// Starts listening on <paramref name="port"/> — or, when another process took it since the model was
    /// built, on any free port — on loopback, and on <paramref name="hostAddress"/> (this machine's address on the
    /// container engine's bridge) when Prometheus runs in a container and reaches the AppHost through
    /// <c>host.docker.internal</c>.
    /// </summary>
    public static async Task<TelemetryServer> StartAsync(int port, string? hostAddress, PlatformRegistry registry, DeploymentMetrics metrics, CancellationToken cancellationToken)
    {
        // The planned port first; then ports the kernel picks for loopback. A picked port is free only until it is
        // bound again, and may be taken on the bridge address: another pick follows then.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await StartOnAsync(attempt == 1 ? port : FreeLoopbackPort(), hostAddress, registry, metrics, cancellationToken);
            }
            catch (Exception exception) when (IsAddressInUse(exception) && attempt < 5)
            {
            }
        }
    }

    // Kestrel reports a port taken at bind as an IOException around AddressInUseException; one taken between bind
    // and listen (another process bound it too, both with SO_REUSEADDR) comes as the socket's own error.
    internal static bool IsAddressInUse(Exception exception) =>
        exception is IOException { InnerException: AddressInUseException }
        || exception is System.Net.Sockets.SocketException { SocketErrorCode: System.Net.Sockets.SocketError.AddressAlreadyInUse };

    private static int FreeLoopbackPort()
    {
        using var probe = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    private static async Task<TelemetryServer> StartOnAsync(int port, string? hostAddress, PlatformRegistry registry, DeploymentMetrics metrics, CancellationToken cancellationToken)
    {
        // Empty: no appsettings files, so no file watchers (Linux allows a user 128 inotify instances).
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore();
        builder.Services.AddRoutingCore();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, port);
            if (hostAddress is not null)
            {
                kestrel.Listen(IPAddress.Parse(hostAddress), port);
            }
        });

        var app = builder.Build();
        app.MapGet("/metrics", () => Results.Text(metrics.Render(), PrometheusText.ContentType));
        app.MapGet("/registry", () => Results.Json(new { deployment = registry.DeploymentState, platform = registry.Platform, services = registry.Entries, events = registry.Events }, JsonOptions));
        app.MapGet("/", (HttpRequest request) => Results.Content(request.Query.ContainsKey(StatusPage.FragmentQuery) ? StatusPage.RenderMain(registry, DateTimeOffset.UtcNow) : StatusPage.Render(registry, DateTimeOffset.UtcNow), "text/html; charset=utf-8"));
        app.MapGet("/health", () => Results.Text("Healthy"));
        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        return new TelemetryServer(app, port);
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
