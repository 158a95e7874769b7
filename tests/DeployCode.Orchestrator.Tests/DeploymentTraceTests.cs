using System.Collections.Concurrent;
using System.Diagnostics;
using DeployCode.Orchestrator.Gating;
using DeployCode.Orchestrator.Runtime;
using DeployCode.Orchestrator.Telemetry;
using Microsoft.Extensions.Configuration;
using OpenTelemetry.Exporter;

namespace DeployCode.Orchestrator.Tests;

public sealed class DeploymentTraceTests : IDisposable
{
    private readonly ConcurrentQueue<Activity> _spans = new();
    private readonly ActivityListener _listener;
    private readonly string _orchestrator = $"deploy-code-{Guid.NewGuid():N}";

    public DeploymentTraceTests()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == DeploymentMetrics.SourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = _spans.Enqueue,
        };
        ActivitySource.AddActivityListener(_listener);
    }

    [Fact]
    public void ServiceSpansCarryTheirMeasuredTimesInsideTheirPhaseWithTheGateWaitInside()
    {
        var t0 = Stopwatch.GetTimestamp();
        var trace = DeploymentTrace.Start("deploy", _orchestrator, "process", "CODE platform");
        var ambient = Activity.Current;

        var phase = trace.Phase(2, 3, ["auth-service"], t0);
        var gate = new GateRecord("auth-service", ["postgresql", "redis"], t0 + Ticks(100), t0 + Ticks(1_000), t0 + Ticks(1_010));
        trace.Service(phase, "auth-service", t0 + Ticks(50), t0 + Ticks(2_500), gate);
        trace.End(phase, t0 + Ticks(2_500));
        trace.Finish("Running");

        Assert.Same(ambient, Activity.Current);
        var spans = _spans.Where(span => span.TraceId.ToHexString() == trace.TraceId).ToDictionary(span => span.DisplayName);
        var root = spans["deploy CODE platform"];
        Assert.Equal("Running", root.GetTagItem("deploycode.outcome"));
        Assert.Equal(root.SpanId, spans["phase 2/3"].ParentSpanId);
        var service = spans["start auth-service"];
        Assert.Equal(spans["phase 2/3"].SpanId, service.ParentSpanId);
        Assert.Equal(2_450, service.Duration.TotalMilliseconds, 0);
        var wait = spans["health gate"];
        Assert.Equal(service.SpanId, wait.ParentSpanId);
        Assert.Equal(910, wait.Duration.TotalMilliseconds, 0);
        Assert.Equal(50, (wait.StartTimeUtc - service.StartTimeUtc).TotalMilliseconds, 0);
        Assert.Equal("postgresql,redis", wait.GetTagItem("deploycode.dependencies"));
    }

    [Fact]
    public void AFailedStepMarksTheStepAndTheDeploymentAsErrors()
    {
        var trace = DeploymentTrace.Start("deploy", _orchestrator, "process", "CODE platform");
        using (var step = trace.Step("validate"))
        {
            step.Fail("DeployCode:Services:redis:Cpu is -1");
        }

        trace.Finish("Failed", "invalid configuration");

        var spans = _spans.Where(span => span.TraceId.ToHexString() == trace.TraceId).ToDictionary(span => span.DisplayName);
        Assert.Equal(ActivityStatusCode.Error, spans["validate"].Status);
        Assert.Equal(ActivityStatusCode.Error, spans["deploy CODE platform"].Status);
        Assert.Equal("invalid configuration", spans["deploy CODE platform"].StatusDescription);
    }

    [Fact]
    public void TheTraceGoesToTheDashboardsOtlpEndpointAndToJaegerInContainerMode()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ASPIRE_DASHBOARD_OTLP_HTTP_ENDPOINT_URL"] = "http://localhost:19080",
        }).Build();

        Assert.Equal([(new Uri("http://localhost:19080/v1/traces"), OtlpExportProtocol.HttpProtobuf, true)],
            DeploymentTraceExport.DestinationsFor(configuration, RuntimeMode.Process));
        Assert.Equal(
            [(new Uri("http://localhost:19080/v1/traces"), OtlpExportProtocol.HttpProtobuf, true), (new Uri("http://localhost:4317"), OtlpExportProtocol.Grpc, false)],
            DeploymentTraceExport.DestinationsFor(configuration, RuntimeMode.Container));
        Assert.Empty(DeploymentTraceExport.DestinationsFor(new ConfigurationBuilder().Build(), RuntimeMode.Process));
    }

    public void Dispose() => _listener.Dispose();

    private static long Ticks(int milliseconds) => milliseconds * Stopwatch.Frequency / 1000;
}
