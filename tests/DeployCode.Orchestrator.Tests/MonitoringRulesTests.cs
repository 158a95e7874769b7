using System.Diagnostics;
using Aspire.Hosting.ApplicationModel;
using DeployCode.Orchestrator.Monitoring;
using YamlDotNet.RepresentationModel;

namespace DeployCode.Orchestrator.Tests;

// promtool comes with the prometheus package that process mode (and CI) installs.
public sealed class MonitoringRulesTests
{
    [Fact]
    public async Task PromtoolAcceptsTheAlertRules()
    {
        using var folder = new TempFolder();
        var rules = folder.PlainFile(AlertRules.FileName, AlertRules.Build());

        var (exitCode, output) = await RunAsync("promtool", "check", "rules", rules);

        Assert.True(exitCode == 0, output);
        Assert.Contains($"SUCCESS: {AlertRules.Rules.Count} rules found", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PromtoolAcceptsTheGeneratedConfigurationWithItsRules()
    {
        using var folder = new TempFolder();
        var rules = folder.PlainFile(AlertRules.FileName, AlertRules.Build());
        var auth = new ProjectResource("auth-service");
        auth.Annotations.Add(new EndpointAnnotation(System.Net.Sockets.ProtocolType.Tcp, uriScheme: "http", port: 8000, isProxied: false));
        var configuration = folder.PlainFile("prometheus.yml", PrometheusConfiguration.Build([auth], "prometheus", 9090, "localhost",
            new PrometheusExtras { Orchestrator = ("deploy-code", 9464), RuleFile = rules }));

        var (exitCode, output) = await RunAsync("promtool", "check", "config", configuration);

        Assert.True(exitCode == 0, output);
    }

    [Theory]
    [InlineData("TargetDown", "up == 0", "critical")]
    [InlineData("McpServerDown", "up{job=~\"mcp-.*\"} == 0", "critical")]
    [InlineData("HighCpuUsage", "> 0.9", "warning")]
    [InlineData("HighMemoryUsage", "> 0.85", "warning")]
    [InlineData("ApiLatencyHigh", "> 2", "warning")]
    [InlineData("High5xxRate", "> 0.05", "critical")]
    [InlineData("ServiceOverAllocation", "> 1", "warning")]
    public void TheRulesOfThePlatformAreThereWithTheirThresholds(string alert, string expression, string severity)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(AlertRules.Build()));
        var groups = (YamlSequenceNode)((YamlMappingNode)stream.Documents[0].RootNode)["groups"];
        var rule = ((YamlSequenceNode)((YamlMappingNode)groups[0])["rules"]).Cast<YamlMappingNode>()
            .Single(candidate => ((YamlScalarNode)candidate["alert"]).Value == alert);

        Assert.Contains(expression, ((YamlScalarNode)rule["expr"]).Value, StringComparison.Ordinal);
        Assert.Equal(severity, ((YamlScalarNode)((YamlMappingNode)rule["labels"])["severity"]).Value);
    }

    [Fact]
    public void AnMcpServerMustBeDownForTwoMinutes()
    {
        var rule = AlertRules.Rules.Single(candidate => candidate.Alert == "McpServerDown");

        Assert.Equal("2m", rule.For);
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string program, params string[] arguments)
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
