using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace DeployCode.Orchestrator.Telemetry;

/// <summary>
/// The orchestrator's own HTTP endpoint inside the AppHost: <c>/metrics</c> (Prometheus text format),
/// <c>/registry</c> (every component as JSON) and <c>/health</c>.
/// </summary>
internal sealed class TelemetryServer(WebApplication app) : IAsyncDisposable
{
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>The address it listens on.</summary>
    public Uri Address { get; } = new(app.Urls.First());

    /// <summary>
    /// Starts listening on <paramref name="port"/>: on loopback only, or on every interface when Prometheus
    /// runs in a container and reaches the AppHost through <c>host.docker.internal</c>.
    /// </summary>
    public static async Task<TelemetryServer> StartAsync(int port, bool listenOnAllInterfaces, PlatformRegistry registry, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            if (listenOnAllInterfaces)
            {
                kestrel.Listen(IPAddress.Any, port);
            }
            else
            {
                kestrel.Listen(IPAddress.Loopback, port);
            }
        });
        builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(DeploymentTraceExport.ServiceName))
            .WithMetrics(metrics => metrics
            .AddMeter(DeploymentMetrics.MeterName)
            .AddPrometheusExporter(exporter => exporter.ScrapeResponseCacheDurationMilliseconds = 0));

        var app = builder.Build();
        app.MapPrometheusScrapingEndpoint("/metrics");
        app.MapGet("/registry", () => Results.Json(new { deployment = registry.DeploymentState, services = registry.Entries }, JsonOptions));
        app.MapGet("/health", () => Results.Text("Healthy"));
        app.Urls.Add($"http://{(listenOnAllInterfaces ? "0.0.0.0" : "127.0.0.1")}:{port}");
        await app.StartAsync(cancellationToken);
        return new TelemetryServer(app);
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
