using DeployCode.ServiceDefaults;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Memory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// What every CODE platform service shares: OpenTelemetry (OTLP and a Prometheus <c>/metrics</c> endpoint),
/// health endpoints, service discovery and standard HTTP resilience.
/// </summary>
public static class ServiceDefaultsExtensions
{
    /// <summary>The readiness endpoint: every registered check, dependencies included.</summary>
    public const string HealthEndpointPath = "/health";

    /// <summary>The liveness endpoint: only the checks tagged <c>live</c>, so a slow dependency does not restart a live process.</summary>
    public const string AlivenessEndpointPath = "/alive";

    /// <summary>The Prometheus scrape endpoint.</summary>
    public const string MetricsEndpointPath = "/metrics";

    /// <summary>
    /// Adds telemetry, default health checks and service discovery. Started with <c>--probe &lt;url&gt;</c>, the
    /// service instead asks that URL and exits 0 (success) or 1: the health check of its container image.
    /// </summary>
    /// <example>
    /// <code>
    /// var builder = WebApplication.CreateBuilder(args);
    /// builder.AddServiceDefaults();
    /// </code>
    /// </example>
    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);

        // `--probe <url>`: a health check from inside the service's container, answered before any host starts.
        HealthProbe.RunIfAsked(builder.Configuration);
        UseQuietFrameworkLogging(builder.Configuration);
        builder.ConfigureOpenTelemetry();
        builder.AddDefaultHealthChecks();
        builder.Services.AddServiceDiscovery();
        builder.Services.AddTransient<IStartupFilter, CorrelationIdStartupFilter>();
        // No blanket resilience handler: it also wraps the OTLP exporter's clients, whose retries (up to 30 s
        // against a telemetry endpoint that is gone) held every service's shutdown past DCP's stop timeout, and
        // health checks must report the truth at once rather than retry. Clients that want retries add them.
        builder.Services.ConfigureHttpClientDefaults(http => http.AddServiceDiscovery());

        return builder;
    }

    /// <summary>Configures logging, metrics and tracing; OTLP export only when an endpoint is configured.</summary>
    public static TBuilder ConfigureOpenTelemetry<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);

        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
        });

        builder.Services.AddOpenTelemetry()
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddPrometheusExporter())
            .WithTracing(tracing => tracing
                .AddSource(builder.Environment.ApplicationName)
                .AddAspNetCoreInstrumentation(options =>
                    // Health probes and scrapes arrive every few seconds; tracing them would drown real requests.
                    options.Filter = context => !IsInfrastructurePath(context.Request.Path))
                .AddHttpClientInstrumentation());

        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            builder.Services.AddOpenTelemetry().UseOtlpExporter();
        }

        return builder;
    }

    /// <summary>Adds the liveness check that tells the process answers at all.</summary>
    public static TBuilder AddDefaultHealthChecks<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);

        builder.Services.AddHealthChecks()
            .AddCheck("self", () => HealthCheckResult.Healthy(), [HealthCheckTags.Live]);

        return builder;
    }

    /// <summary>Maps <c>/health</c>, <c>/alive</c> and <c>/metrics</c>.</summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);

        // Health endpoints are mapped in every environment: the orchestrator gates deployment on them.
        // Anonymous: the orchestrator, Kubernetes probes and Prometheus carry no token.
        app.MapHealthChecks(HealthEndpointPath, new HealthCheckOptions { ResponseWriter = HealthReportWriter.WriteAsync })
            .AllowAnonymous();
        app.MapHealthChecks(AlivenessEndpointPath, new HealthCheckOptions
        {
            Predicate = registration => registration.Tags.Contains(HealthCheckTags.Live),
            ResponseWriter = HealthReportWriter.WriteAsync,
        }).AllowAnonymous();
        app.MapPrometheusScrapingEndpoint(MetricsEndpointPath).AllowAnonymous();

        return app;
    }

    // A line per request, probe and query from the framework would cost more than the request and drown the
    // services' own logs. Lowest-priority defaults: appsettings, environment and command line still win.
    private static void UseQuietFrameworkLogging(IConfigurationManager configuration) =>
        configuration.Sources.Insert(0, new MemoryConfigurationSource
        {
            InitialData = new Dictionary<string, string?>
            {
                ["Logging:LogLevel:Default"] = "Information",
                ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
                ["Logging:LogLevel:System.Net.Http.HttpClient"] = "Warning",
                ["Logging:LogLevel:Npgsql"] = "Warning",
                ["Logging:LogLevel:Yarp"] = "Warning",
            },
        });

    private static bool IsInfrastructurePath(PathString path) =>
        path.StartsWithSegments(HealthEndpointPath) ||
        path.StartsWithSegments(AlivenessEndpointPath) ||
        path.StartsWithSegments(MetricsEndpointPath);
}
