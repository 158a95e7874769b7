using System.Diagnostics;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using DeployCode.Orchestrator.Configuration;
using DeployCode.Orchestrator.Model;
using DeployCode.Orchestrator.Monitoring;
using YamlDotNet.RepresentationModel;

namespace DeployCode.Orchestrator.Tests;

// promtool comes with the prometheus package that process mode (and CI) installs.
public sealed class MonitoringRulesTests
{
    private const double DefaultLimit = AlertSettings.DefaultAiCostPerHourUsd;

    private static readonly PlatformName s_platform = PlatformName.From("CODE platform");

    // What an AppHost with two MCP servers gives them (WithDownAlert).
    private static readonly DownAlert[] s_downAlerts = [new("McpServerDown", "MCP server", TimeSpan.FromMinutes(2), ["mcp-files", "mcp-notes"])];

    [Fact]
    public async Task PromtoolAcceptsTheAlertRules()
    {
        using var folder = new TempFolder();
        var rules = folder.PlainFile(AlertRules.FileName, AlertRules.Build(DefaultLimit, s_downAlerts, s_platform.Slug));

        var (exitCode, output) = await RunAsync("promtool", "check", "rules", rules);

        Assert.True(exitCode == 0, output);
        Assert.Contains($"SUCCESS: {AlertRules.Rules(DefaultLimit, s_downAlerts).Count} rules found", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PromtoolAcceptsTheGeneratedConfigurationWithItsRules()
    {
        using var folder = new TempFolder();
        var rules = folder.PlainFile(AlertRules.FileName, AlertRules.Build(DefaultLimit, s_downAlerts, s_platform.Slug));
        var auth = new ProjectResource("auth-service");
        auth.Annotations.Add(new EndpointAnnotation(System.Net.Sockets.ProtocolType.Tcp, uriScheme: "http", port: 8000, isProxied: false));
        var configuration = folder.PlainFile("prometheus.yml", PrometheusConfiguration.Build([auth], "prometheus", 9090, "localhost",
            new PrometheusExtras { Orchestrator = ("deploy-code", 9464), RuleFile = rules }));

        var (exitCode, output) = await RunAsync("promtool", "check", "config", configuration);

        Assert.True(exitCode == 0, output);
    }

    [Theory]
    [InlineData("TargetDown", "up == 0", "critical")]
    [InlineData("McpServerDown", "up{job=~\"mcp-files|mcp-notes\"} == 0", "critical")]
    [InlineData("HighCpuUsage", "> 0.9", "warning")]
    [InlineData("HighMemoryUsage", "> 0.85", "warning")]
    [InlineData("ApiLatencyHigh", "> 2", "warning")]
    [InlineData("High5xxRate", "> 0.05", "critical")]
    [InlineData("ServiceOverAllocation", "> 1", "warning")]
    [InlineData("AiCostAboveHourlyLimit", "sum(increase(deploycode_experts_cost_usd_total[1h])) > 10", "warning")]
    public void TheRulesOfThePlatformAreThereWithTheirThresholds(string alert, string expression, string severity)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(AlertRules.Build(DefaultLimit, s_downAlerts, s_platform.Slug)));
        var groups = (YamlSequenceNode)((YamlMappingNode)stream.Documents[0].RootNode)["groups"];
        var rule = ((YamlSequenceNode)((YamlMappingNode)groups[0])["rules"]).Cast<YamlMappingNode>()
            .Single(candidate => ((YamlScalarNode)candidate["alert"]).Value == alert);

        Assert.Contains(expression, ((YamlScalarNode)rule["expr"]).Value, StringComparison.Ordinal);
        Assert.Equal(severity, ((YamlScalarNode)((YamlMappingNode)rule["labels"])["severity"]).Value);
    }

    [Fact]
    public async Task TheAiCostAlertFiresWhenTheExpertsTogetherCostMoreThanTheLimitInAnHour()
    {
        // 0.25 USD a minute from one expert, nothing from another, is 15 USD an hour.
        var (exitCode, output) = await TestRulesAsync(12.5, """
              - series: 'deploycode_experts_cost_usd_total{expert="openai",provider="openai",model="gpt-4o-mini"}'
                values: '0+0.25x90'
              - series: 'deploycode_experts_cost_usd_total{expert="local",provider="openai-compatible",model="llama3.1"}'
                values: '0+0x90'
            """, """
              - eval_time: 20m
                alertname: AiCostAboveHourlyLimit
                exp_alerts: []
              - eval_time: 90m
                alertname: AiCostAboveHourlyLimit
                exp_alerts:
                  - exp_labels:
                      severity: warning
                    exp_annotations:
                      summary: The experts cost 15.00 USD in the last hour, above the limit of 12.5 USD (DeployCode:Alerts:AiCostPerHourUsd)
            """);

        Assert.True(exitCode == 0, output);
    }

    [Fact]
    public async Task AnHourUnderTheConfiguredLimitRaisesNoAiCostAlert()
    {
        var (exitCode, output) = await TestRulesAsync(20, """
              - series: 'deploycode_experts_cost_usd_total{expert="openai",provider="openai",model="gpt-4o-mini"}'
                values: '0+0.25x90'
            """, """
              - eval_time: 90m
                alertname: AiCostAboveHourlyLimit
                exp_alerts: []
            """);

        Assert.True(exitCode == 0, output);
    }

    [Fact]
    public async Task ADownAlertFiresForAComponentOfItsGroupOnlyOnceItHasBeenDownLongEnough()
    {
        var (exitCode, output) = await TestRulesAsync(DefaultLimit, """
              - series: 'up{job="mcp-files"}'
                values: '0x10'
              - series: 'up{job="auth"}'
                values: '0x10'
            """, """
              - eval_time: 1m
                alertname: McpServerDown
                exp_alerts: []
              - eval_time: 3m
                alertname: McpServerDown
                exp_alerts:
                  - exp_labels:
                      severity: critical
                      job: mcp-files
                    exp_annotations:
                      summary: MCP server mcp-files has been down for 2 minutes
            """);

        Assert.True(exitCode == 0, output);
    }

    [Fact]
    public void ComponentsGivenOneDownAlertShareOneRuleWithTheirReplicas()
    {
        var builder = DistributedApplication.CreateBuilder(["--operation", "publish"]);
        foreach (var name in new[] { "mcp-notes", "mcp-files", "mcp-files-2" })
        {
            builder.AddContainer(name, "image").WithDownAlert("McpServerDown", "MCP server", TimeSpan.FromMinutes(2));
        }

        var down = Assert.Single(AlertRules.DownAlertsOf(builder.Resources));

        Assert.Equal(["mcp-files", "mcp-files-2", "mcp-notes"], down.Jobs);
        Assert.Equal("2m", AlertRules.Rules(DefaultLimit, [down]).Single(rule => rule.Alert == "McpServerDown").For);
    }

    [Theory]
    [InlineData("mcp down", "not an alert name")]
    [InlineData("TargetDown", "one of the platform's own alerts")]
    public void ADownAlertWithABadNameIsRefusedSayingWhy(string alert, string why)
    {
        var builder = DistributedApplication.CreateBuilder(["--operation", "publish"]);
        var container = builder.AddContainer("mcp-files", "image");

        var refused = Assert.Throws<ArgumentException>(() => container.WithDownAlert(alert, "MCP server", TimeSpan.FromMinutes(2)));

        Assert.Contains(why, refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnMcpServerMustBeDownForTwoMinutes()
    {
        var rule = AlertRules.Rules(DefaultLimit, s_downAlerts).Single(candidate => candidate.Alert == "McpServerDown");

        Assert.Equal("2m", rule.For);
    }

    [Fact]
    public async Task EveryGrafanaPanelQueryIsValidPromQl()
    {
        using var folder = new TempFolder();
        // promtool checks expressions inside rule files: each panel's query becomes a recording rule.
        var rules = new System.Text.StringBuilder("groups:\n  - name: grafana-panels\n    rules:\n");
        var count = 0;
        foreach (var (_, _, _, panels) in GrafanaProvisioning.Dashboards(s_platform))
        {
            foreach (var (_, query, _) in panels)
            {
                rules.Append("      - record: panel_").Append(++count).Append("\n        expr: '").Append(query).Append("'\n");
            }
        }

        var (exitCode, output) = await RunAsync("promtool", "check", "rules", folder.PlainFile("panels.yml", rules.ToString()));

        Assert.True(exitCode == 0, output);
        Assert.Contains($"SUCCESS: {count} rules found", output, StringComparison.Ordinal);
    }

    [Fact]
    public void TheThreeDashboardsAreGrafanaJsonWithAPanelPerQueryOnThePrometheusDataSource()
    {
        Assert.Equal(["CODE platform overview", "Service health", "Resource usage"], GrafanaProvisioning.Dashboards(s_platform).Select(dashboard => dashboard.Title));
        foreach (var (_, uid, title, panels) in GrafanaProvisioning.Dashboards(s_platform))
        {
            var dashboard = System.Text.Json.Nodes.JsonNode.Parse(GrafanaProvisioning.Dashboard(uid, title, panels, s_platform))!;
            Assert.Equal(uid, dashboard["uid"]!.GetValue<string>());
            Assert.Equal(title, dashboard["title"]!.GetValue<string>());
            var shown = dashboard["panels"]!.AsArray();
            Assert.Equal(panels.Length, shown.Count);
            Assert.All(shown, panel => Assert.Equal("prometheus", panel!["datasource"]!["uid"]!.GetValue<string>()));
            Assert.Equal(panels.Select(panel => panel.Query), shown.Select(panel => panel!["targets"]![0]!["expr"]!.GetValue<string>()));
        }
    }

    [Fact]
    public void DataSourcesArePrometheusByDefaultAndJaeger()
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(GrafanaProvisioning.DataSources("http://prometheus:9090", "http://jaeger:16686")));
        var sources = (YamlSequenceNode)((YamlMappingNode)stream.Documents[0].RootNode)["datasources"];

        Assert.Equal(["prometheus", "jaeger"], sources.Select(source => ((YamlMappingNode)source)["type"].ToString()));
        Assert.Equal("true", ((YamlMappingNode)sources[0])["isDefault"].ToString());
        Assert.Equal("http://jaeger:16686", ((YamlMappingNode)sources[1])["url"].ToString());
    }

    /// <summary>
    /// promtool's rule unit test of the rules built with <paramref name="limit"/>: the series (one a minute) and the
    /// expected alerts, each given as the YAML list items under <c>input_series</c> and <c>alert_rule_test</c>.
    /// </summary>
    private static async Task<(int ExitCode, string Output)> TestRulesAsync(double limit, string series, string expectations)
    {
        using var folder = new TempFolder();
        folder.PlainFile(AlertRules.FileName, AlertRules.Build(limit, s_downAlerts, s_platform.Slug));
        var test = folder.PlainFile("rules-test.yml", $"""
            rule_files:
              - {AlertRules.FileName}
            evaluation_interval: 1m
            tests:
              - interval: 1m
                input_series:
            {Indented(series)}
                alert_rule_test:
            {Indented(expectations)}
            """);
        return await RunAsync("promtool", "test", "rules", test);
    }

    private static string Indented(string items) => string.Join('\n', items.TrimEnd().Split('\n').Select(line => "      " + line));

    internal static async Task<(int ExitCode, string Output)> RunAsync(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var error = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output + await error);
    }
}
