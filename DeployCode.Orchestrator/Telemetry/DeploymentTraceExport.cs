using DeployCode.Orchestrator.Runtime;
using Microsoft.Extensions.Configuration;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace DeployCode.Orchestrator.Telemetry;

/// <summary>
/// Sends the deployment's trace over OTLP: to the Aspire dashboard whenever it runs (its OTLP endpoint
/// and API key come from the AppHost's configuration), and to Jaeger in container mode.
/// </summary>
internal sealed class DeploymentTraceExport(TracerProvider? provider, IReadOnlyList<Uri> destinations) : IDisposable
{
    /// <summary>The OpenTelemetry service name of the orchestrator's traces and metrics.</summary>
    public const string ServiceName = "deploy-code";

    /// <summary>Where the trace goes; empty when neither the dashboard nor Jaeger runs.</summary>
    public IReadOnlyList<Uri> Destinations => destinations;

    /// <summary>The OTLP destinations for this run: the dashboard's endpoint (HTTP or gRPC) and, in container mode, Jaeger's.</summary>
    public static IReadOnlyList<(Uri Endpoint, OtlpExportProtocol Protocol, bool IsDashboard)> DestinationsFor(IConfiguration configuration, RuntimeMode mode)
    {
        var destinations = new List<(Uri, OtlpExportProtocol, bool)>();
        if (configuration["ASPIRE_DASHBOARD_OTLP_HTTP_ENDPOINT_URL"] is { Length: > 0 } http)
        {
            destinations.Add((new Uri(new Uri(http), "v1/traces"), OtlpExportProtocol.HttpProtobuf, true));
        }
        else if ((configuration["ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL"] ?? configuration["DOTNET_DASHBOARD_OTLP_ENDPOINT_URL"]) is { Length: > 0 } grpc)
        {
            destinations.Add((new Uri(grpc), OtlpExportProtocol.Grpc, true));
        }

        if (mode == RuntimeMode.Container)
        {
            // The Jaeger container publishes its OTLP gRPC port on the host.
            destinations.Add((new Uri("http://localhost:4317"), OtlpExportProtocol.Grpc, false));
        }

        return destinations;
    }

    public static DeploymentTraceExport Create(IConfiguration configuration, RuntimeMode mode)
    {
        var destinations = DestinationsFor(configuration, mode);
        if (destinations.Count == 0)
        {
            return new DeploymentTraceExport(null, []);
        }

        var apiKey = configuration["AppHost:OtlpApiKey"];
        var builder = Sdk.CreateTracerProviderBuilder()
            .AddSource(DeploymentMetrics.SourceName)
            .ConfigureResource(resource => resource.AddService(ServiceName));
        foreach (var (endpoint, protocol, isDashboard) in destinations)
        {
            builder.AddOtlpExporter(exporter =>
            {
                exporter.Endpoint = endpoint;
                exporter.Protocol = protocol;
                // The dashboard's OTLP endpoint wants the key Aspire generated for this run; Jaeger wants none.
                if (isDashboard && apiKey is { Length: > 0 })
                {
                    exporter.Headers = $"x-otlp-api-key={apiKey}";
                }
            });
        }

        return new DeploymentTraceExport(builder.Build(), [.. destinations.Select(destination => destination.Endpoint)]);
    }

    public void Dispose() => provider?.Dispose();
}
