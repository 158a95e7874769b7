using System.Globalization;
using DeployCode.Orchestrator;
using DeployCode.Orchestrator.Gating;
using DeployCode.Orchestrator.Health;
using System.Text.Json;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;
using DeployCode.Orchestrator.Model;
using DeployCode.Orchestrator.Planning;

namespace DeployCode.AppHost.Tests;

// The orchestrator's telemetry on the shared platform: /metrics, /registry, Prometheus rules, the trace.
public sealed partial class ProcessModeFunctionalTests
{
    private static readonly string[] s_gatedServices =
        ["auth-service", "mcp-filesystem", "mcp-github", "mcp-memory", "mcp-bashgod", "circle-of-experts", "api-gateway"];

    [Fact]
    public async Task TheRegistryListsEveryComponentWithPhaseStateHealthEndpointsAndBudget()
    {
        await WhenDeployedAsync();
        using var client = new HttpClient { BaseAddress = TelemetryAddress() };
        using var registry = JsonDocument.Parse(await client.GetStringAsync(new Uri("/registry", UriKind.Relative), TestContext.Current.CancellationToken));

        Assert.Equal("Running", registry.RootElement.GetProperty("deployment").GetString());
        var services = registry.RootElement.GetProperty("services").EnumerateArray().ToDictionary(service => service.GetProperty("name").GetString()!);
        Assert.Equal(s_platformResources.Order(), services.Keys.Order());
        Assert.Equal(1, services["postgresql"].GetProperty("phase").GetInt32());
        Assert.Equal(2, services["auth-service"].GetProperty("phase").GetInt32());
        Assert.Equal(5, services["api-gateway"].GetProperty("phase").GetInt32());
        foreach (var (name, service) in services)
        {
            Assert.Equal("Running", service.GetProperty("state").GetString());
            Assert.Equal("Healthy", service.GetProperty("health").GetString());
            Assert.True(service.GetProperty("processId").GetInt32() > 0, name);
            Assert.NotEmpty(service.GetProperty("endpoints").EnumerateArray());
            Assert.True(service.GetProperty("allocation").GetProperty("cpu").GetDouble() > 0, name);
            Assert.Equal("Allocated", service.GetProperty("allocation").GetProperty("status").GetString());
        }

        Assert.Contains("http://localhost:8000", services["auth-service"].GetProperty("endpoints").EnumerateArray().Select(url => url.GetString()));
    }

    [Fact]
    public async Task TheOrchestratorMeasuresEveryServiceProcessAgainstItsBudget()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        using var client = new HttpClient { BaseAddress = TelemetryAddress() };

        // Usage needs two samples of a process (one a second here); memory is never zero for a live process.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        Dictionary<string, double> memory;
        do
        {
            memory = Series(await client.GetStringAsync(new Uri("/metrics", UriKind.Relative), cancellationToken), "deploycode_usage_memory_bytes");
            if (memory.Count < s_platformResources.Length)
            {
                await Task.Delay(500, cancellationToken);
            }
        }
        while (memory.Count < s_platformResources.Length && DateTime.UtcNow < deadline);

        Assert.Equal(s_platformResources.Order(), memory.Keys.Order());
        Assert.All(memory, pair => Assert.True(pair.Value > 1_000_000, $"{pair.Key} uses {pair.Value} bytes"));

        var model = platform.App.Services.GetRequiredService<DistributedApplicationModel>();
        var auth = model.Resources.Single(resource => resource.Name == "auth-service");
        var shown = await platform.App.ResourceNotifications
            .WaitForResourceAsync(auth.Name, e => e.Snapshot.Properties.Any(property => property.Name == "deploycode.usage"), cancellationToken)
            .WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
        Assert.Matches(@"^CPU [\d.]+ of [\d.]+, memory \d+ of \d+ MiB$", (string)shown.Snapshot.Properties.Single(property => property.Name == "deploycode.usage").Value!);
    }

    [Fact]
    public async Task TheMetricsCoverHealthBudgetPhasesDeploymentAndEveryGatedStart()
    {
        await WhenDeployedAsync();
        using var client = new HttpClient { BaseAddress = TelemetryAddress() };
        var text = await client.GetStringAsync(new Uri("/metrics", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(s_platformResources.Order(), Series(text, "deploycode_service_health").Where(pair => pair.Value == 1).Select(pair => pair.Key).Order());
        Assert.Equal(s_platformResources.Order(), Series(text, "deploycode_budget_cpu_allocated_cores").Keys.Order());
        Assert.All(Series(text, "deploycode_service_restarts_total"), pair => Assert.Equal(0, pair.Value));
        // Every start the gate let through, and only those: a dependent whose health Aspire happened to see
        // first was released by Aspire's own wait, which the gate leaves in place.
        var gated = platform.App.Services.GetRequiredService<DeployCode.Orchestrator.Gating.HealthGate>().Records.Select(record => record.ResourceName).Order().ToArray();
        Assert.NotEmpty(gated);
        Assert.Subset(s_gatedServices.ToHashSet(), gated.ToHashSet());
        Assert.Equal(gated, Series(text, "deploycode_gate_latency_seconds_count").Keys.Order());
        Assert.Equal(gated, Series(text, "deploycode_gate_wait_seconds_count").Keys.Order());
        Assert.Equal(5, text.Split('\n').Count(line => line.StartsWith("deploycode_phase_duration_seconds{", StringComparison.Ordinal)));
        Assert.Contains(text.Split('\n'), line => line.StartsWith("deploycode_deployment_duration_seconds ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task PrometheusLoadsThePlatformAlertRules()
    {
        using var client = platform.App.CreateHttpClient("prometheus");
        using var rules = JsonDocument.Parse(await client.GetStringAsync(new Uri("/api/v1/rules", UriKind.Relative), TestContext.Current.CancellationToken));

        var loaded = rules.RootElement.GetProperty("data").GetProperty("groups").EnumerateArray()
            .SelectMany(group => group.GetProperty("rules").EnumerateArray())
            .ToDictionary(rule => rule.GetProperty("name").GetString()!, rule => rule.GetProperty("health").GetString());
        Assert.Equal(
            ["AiCostAboveHourlyLimit", "ApiLatencyHigh", "CircuitOpen", "High5xxRate", "HighCpuUsage", "HighMemoryUsage", "McpServerDown", "ServiceOverAllocation", "ServiceUnhealthy", "TargetDown"],
            loaded.Keys.Order());
        // "unknown" until first evaluated; never "err".
        Assert.DoesNotContain("err", loaded.Values);
    }

    [Fact]
    public async Task PrometheusSendsWhatFiresToAlertmanager()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await WhenDeployedAsync();
        using var client = platform.App.CreateHttpClient("prometheus");
        var alertmanager = platform.App.GetEndpoint("alertmanager", "http");

        using var listed = JsonDocument.Parse(await client.GetStringAsync(new Uri("/api/v1/alertmanagers", UriKind.Relative), cancellationToken));
        var active = listed.RootElement.GetProperty("data").GetProperty("activeAlertmanagers").EnumerateArray().Select(manager => manager.GetProperty("url").GetString()).ToArray();

        Assert.Equal([$"http://localhost:{alertmanager.Port}/api/v2/alerts"], active);
        using var alertmanagerClient = new HttpClient();
        Assert.Equal("OK", (await alertmanagerClient.GetStringAsync(new Uri(alertmanager, "/-/healthy"), cancellationToken)).Trim());
    }

    [Fact]
    public async Task OneTraceCoversTheDeploymentWithAPhaseSpanPerPhaseAndAServiceSpanPerStart()
    {
        await WhenDeployedAsync();
        var spans = platform.Spans;
        var roots = spans.Where(span => span.DisplayName == "deploy CODE platform").ToArray();
        var root = Assert.Single(roots, span => spans.Any(child => child.ParentSpanId == span.SpanId && child.DisplayName == "verify"));
        Assert.Equal("Running", root.GetTagItem("deploycode.outcome"));
        var trace = spans.Where(span => span.TraceId == root.TraceId).ToArray();

        Assert.Equal(["allocate", "network", "phase 1/5", "phase 2/5", "phase 3/5", "phase 4/5", "phase 5/5", "plan", "validate", "verify"],
            trace.Where(span => span.ParentSpanId == root.SpanId).Select(span => span.DisplayName).Order());
        var phases = trace.Where(span => span.DisplayName.StartsWith("phase ", StringComparison.Ordinal)).ToDictionary(span => span.SpanId);
        var starts = trace.Where(span => span.DisplayName.StartsWith("start ", StringComparison.Ordinal)).ToArray();
        Assert.Equal(s_platformResources.Order(), starts.Select(span => span.DisplayName["start ".Length..]).Order());
        Assert.All(starts, span => Assert.Contains(span.ParentSpanId, phases.Keys));

        // A service released by the health gate has its gate span; one Aspire's own wait let through first has none.
        var model = platform.App.Services.GetRequiredService<DistributedApplicationModel>();
        var gated = platform.App.Services.GetRequiredService<HealthGate>().Records.Select(record => record.ResourceName).ToHashSet();
        Assert.NotEmpty(gated);
        foreach (var start in starts)
        {
            var name = start.DisplayName["start ".Length..];
            var gates = trace.Where(span => span.ParentSpanId == start.SpanId && span.DisplayName == "health gate").ToArray();
            if (!gated.Contains(name))
            {
                Assert.Empty(gates);
                continue;
            }

            var gate = Assert.Single(gates);
            var waits = model.Resources.Single(resource => resource.Name == name).Annotations.OfType<WaitAnnotation>().Select(wait => wait.Resource.Name);
            var dependencies = ((string)gate.GetTagItem("deploycode.dependencies")!).Split(",");
            Assert.All(waits, wait => Assert.Contains(wait, dependencies));
            Assert.True(gate.StartTimeUtc >= start.StartTimeUtc && gate.StartTimeUtc + gate.Duration <= start.StartTimeUtc + start.Duration);
        }
    }

    [Fact]
    public async Task TheVerifyCommandChecksTheRunningPlatformAgain()
    {
        await WhenDeployedAsync();
        var commands = platform.App.Services.GetRequiredService<ResourceCommandService>();
        var orchestrator = platform.App.Services.GetRequiredService<DistributedApplicationModel>().Resources.OfType<OrchestratorResource>().Single();

        var result = await commands.ExecuteCommandAsync(orchestrator, "verify", TestContext.Current.CancellationToken)
            .WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);

        Assert.True(result.Success, result.Message);
        Assert.Equal("29 checks passed", result.Message);
    }

    [Fact]
    public async Task VerificationSignsInAsItsServiceAccountAndUsesEveryMcpServerThroughTheGateway()
    {
        await WhenDeployedAsync();
        var model = platform.App.Services.GetRequiredService<DistributedApplicationModel>();
        var orchestrator = model.Resources.OfType<OrchestratorResource>().Single();

        var verification = await DeploymentVerifier.VerifyAsync(model.Resources.Where(PlatformComponents.RunsHere), orchestrator.VerifierAccount, TestContext.Current.CancellationToken)
            .WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);

        Assert.Empty(verification.Failed);
        Assert.Null(verification.Skipped);
        Assert.Contains("deploy-code signs in through api-gateway (POST /auth/token)", verification.Passed);
        Assert.Contains("api-gateway accepts deploy-code's token (GET /auth/me)", verification.Passed);
        Assert.Contains("mcp-filesystem answers MCP initialize and tools/list through api-gateway (14 tools)", verification.Passed);
        Assert.Contains("mcp-memory answers MCP initialize and tools/list through api-gateway (9 tools)", verification.Passed);
        Assert.Contains("mcp-github answers MCP initialize and tools/list through api-gateway (25 tools)", verification.Passed);
        Assert.Contains(verification.Passed, check => check.StartsWith("mcp-bashgod answers MCP initialize and tools/list through api-gateway (", StringComparison.Ordinal));
        Assert.Contains("circle-of-experts lists its experts through api-gateway (GET /experts)", verification.Passed);
    }

    [Fact]
    public async Task AWrongVerifierPasswordFailsVerificationSayingWhatAnswered()
    {
        await WhenDeployedAsync();
        var model = platform.App.Services.GetRequiredService<DistributedApplicationModel>();
        var wrong = new VerifierAccountAnnotation(new ParameterResource("wrong-password", _ => "not the verifier's password", secret: true), model.Resources.OfType<OrchestratorResource>().Single().VerifierAccount!.SignInPath);

        var verification = await DeploymentVerifier.VerifyAsync(model.Resources.Where(PlatformComponents.RunsHere), wrong, TestContext.Current.CancellationToken)
            .WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);

        var failure = Assert.Single(verification.Failed);
        Assert.StartsWith("deploy-code signs in through api-gateway (POST /auth/token): answered 401", failure, StringComparison.Ordinal);
        Assert.EndsWith("the checks that need a token were not run", failure, StringComparison.Ordinal);
        Assert.StartsWith("1 of 23 checks failed", verification.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ASuccessfulDeploymentIsSavedAsTheKnownGoodConfiguration()
    {
        await WhenDeployedAsync();
        var saved = Path.Combine(platform.StateDirectory, "deploy-code", "known-good.json");

        using var document = JsonDocument.Parse(await File.ReadAllTextAsync(saved, TestContext.Current.CancellationToken));

        var settings = document.RootElement.GetProperty("Settings");
        Assert.Equal("process", settings.GetProperty("DeployCode:Runtime").GetString());
        Assert.Equal("2", settings.GetProperty("DeployCode:Telemetry:ScrapeIntervalSeconds").GetString());
    }

    private Task<ResourceEvent> WhenDeployedAsync() => platform.App.ResourceNotifications
        .WaitForResourceAsync("deploy-code", e => e.Snapshot.State?.Text == "Running", TestContext.Current.CancellationToken)
        .WaitAsync(TimeSpan.FromMinutes(1), TestContext.Current.CancellationToken);

    private Uri TelemetryAddress()
    {
        var orchestrator = platform.App.Services.GetRequiredService<DistributedApplicationModel>().Resources.OfType<OrchestratorResource>().Single();
        return new Uri($"http://127.0.0.1:{orchestrator.TelemetryPort}");
    }

    // service label → value of every sample of one metric in the Prometheus text format.
    private static Dictionary<string, double> Series(string text, string metric) => text.Split('\n')
        .Where(line => line.StartsWith(metric + "{", StringComparison.Ordinal))
        .Select(line => (Service: System.Text.RegularExpressions.Regex.Match(line, "service=\"([^\"]+)\"").Groups[1].Value, Value: double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture)))
        .Where(sample => sample.Service.Length > 0)
        .ToDictionary(sample => sample.Service, sample => sample.Value);
}
