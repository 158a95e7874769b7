using Aspire.Hosting.ApplicationModel;
using DeployCode.Orchestrator.Configuration;
using DeployCode.Orchestrator.Monitoring;
using Microsoft.Extensions.Configuration;
using YamlDotNet.RepresentationModel;

namespace DeployCode.Orchestrator.Tests;

// How alerts reach someone: DeployCode:Alerts read and checked, Alertmanager's configuration (amtool, from Debian's
// prometheus-alertmanager, checks it), Prometheus told where Alertmanager is, the rules' wait capped.
public sealed class AlertingTests
{
    [Fact]
    public void TheWebhookTheWaitAndTheGroupWaitAreRead()
    {
        var alerts = Read(("WebhookUrl", "https://alerts.example.com:8443/hook?team=ops"), ("ForSeconds", "0"), ("GroupWaitSeconds", "5"), ("GroupIntervalSeconds", "10"));

        Assert.Equal(new Uri("https://alerts.example.com:8443/hook?team=ops"), alerts.Settings.WebhookUrl);
        Assert.Equal(TimeSpan.Zero, alerts.Settings.ForAtMost);
        Assert.Equal(TimeSpan.FromSeconds(5), alerts.Settings.GroupWait);
        Assert.Equal(TimeSpan.FromSeconds(10), alerts.Settings.GroupInterval);
        Assert.Empty(alerts.Problems);
    }

    [Fact]
    public void WithNothingSetAlertsStayInAlertmanagerAndEachRuleKeepsItsOwnWait()
    {
        var alerts = Read();

        Assert.Null(alerts.Settings.WebhookUrl);
        Assert.Null(alerts.Settings.ForAtMost);
        Assert.Equal(AlertSettings.DefaultGroupWait, alerts.Settings.GroupWait);
        Assert.Equal(AlertSettings.DefaultGroupInterval, alerts.Settings.GroupInterval);
    }

    [Theory]
    [InlineData("WebhookUrl", "alerts.example.com/hook", "DeployCode:Alerts:WebhookUrl", "is not an http or https address")]
    [InlineData("WebhookUrl", "ftp://alerts.example.com/hook", "DeployCode:Alerts:WebhookUrl", "is not an http or https address")]
    [InlineData("ForSeconds", "-1", "DeployCode:Alerts:ForSeconds", "")]
    [InlineData("GroupWaitSeconds", "soon", "DeployCode:Alerts:GroupWaitSeconds", "")]
    [InlineData("GroupIntervalSeconds", "0", "DeployCode:Alerts:GroupIntervalSeconds", "")]
    [InlineData("Webhook", "http://alerts.example.com", "DeployCode:Alerts:Webhook", "is not an alert setting")]
    public void AnUnusableAlertSettingIsNamedWithItsFix(string key, string value, string path, string problem)
    {
        var found = Assert.Single(Read((key, value)).Problems);

        Assert.Equal(path, found.Path);
        Assert.Contains(problem, found.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AmtoolAcceptsTheConfigurationWithAWebhookAndWithout()
    {
        using var folder = new TempFolder();
        var withWebhook = folder.PlainFile("with.yml", AlertmanagerConfiguration.Build(new Uri("http://127.0.0.1:9999/alerts"), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10)));
        var without = folder.PlainFile("without.yml", AlertmanagerConfiguration.Build(null, AlertSettings.DefaultGroupWait, AlertSettings.DefaultGroupInterval));

        var (exitCode, output) = await MonitoringRulesTests.RunAsync("amtool", "check-config", withWebhook, without);

        Assert.True(exitCode == 0, output);
        var receiver = (YamlMappingNode)((YamlSequenceNode)Yaml(File.ReadAllText(withWebhook))["receivers"])[0];
        var webhook = (YamlMappingNode)((YamlSequenceNode)receiver["webhook_configs"])[0];
        Assert.Equal(("http://127.0.0.1:9999/alerts", "true"), (webhook["url"].ToString(), webhook["send_resolved"].ToString()));
        Assert.Equal("1s", ((YamlMappingNode)Yaml(File.ReadAllText(withWebhook))["route"])["group_wait"].ToString());
        Assert.False(((YamlMappingNode)((YamlSequenceNode)Yaml(File.ReadAllText(without))["receivers"])[0]).Children.ContainsKey("webhook_configs"));
    }

    [Fact]
    public async Task PrometheusIsToldWhereAlertmanagerIsAndPromtoolAcceptsIt()
    {
        using var folder = new TempFolder();
        var yaml = PrometheusConfiguration.Build([], "prometheus", 9090, "localhost", new PrometheusExtras { Alertmanager = "localhost:9093" });
        var configuration = folder.PlainFile("prometheus.yml", yaml);

        var (exitCode, output) = await MonitoringRulesTests.RunAsync("promtool", "check", "config", configuration);

        Assert.True(exitCode == 0, output);
        var manager = (YamlMappingNode)((YamlSequenceNode)((YamlMappingNode)Yaml(yaml)["alerting"])["alertmanagers"])[0];
        Assert.Equal("localhost:9093", ((YamlSequenceNode)((YamlMappingNode)((YamlSequenceNode)manager["static_configs"])[0])["targets"])[0].ToString());
        Assert.DoesNotContain("alerting", PrometheusConfiguration.Build([], "prometheus", 9090, "localhost"), StringComparison.Ordinal);
    }

    [Fact]
    public void ForSecondsCapsEveryRulesWaitAndLeavesShorterOnes()
    {
        var rules = Rules(AlertRules.Build(AlertSettings.DefaultAiCostPerHourUsd, [], "platform", TimeSpan.FromSeconds(90)));
        var uncapped = Rules(AlertRules.Build(AlertSettings.DefaultAiCostPerHourUsd, [], "platform"));

        Assert.Equal("1m", rules["TargetDown"]);
        Assert.Equal("90s", rules["HighCpuUsage"]);
        Assert.Equal("90s", rules["High5xxRate"]);
        Assert.Equal("0m", rules["CircuitOpen"]);
        Assert.Equal("5m", uncapped["High5xxRate"]);
        Assert.All(Rules(AlertRules.Build(AlertSettings.DefaultAiCostPerHourUsd, [], "platform", TimeSpan.Zero)).Values, wait => Assert.Equal("0m", wait));
    }

    [Fact]
    public void AnAlertmanagerInTheModelIsWherePrometheusSendsByNameOrOnLoopback()
    {
        var alertmanager = new ExecutableResource("alertmanager", "prometheus-alertmanager", ".");
        alertmanager.Annotations.Add(new PlatformAlertmanagerAnnotation());
        alertmanager.Annotations.Add(new PlatformPortAnnotation(9093, 30093, [9093]));

        Assert.Equal("alertmanager:9093", Aspire.Hosting.PlatformAlertingBuilderExtensions.AlertmanagerTarget([alertmanager], byName: true));
        Assert.Equal("localhost:30093", Aspire.Hosting.PlatformAlertingBuilderExtensions.AlertmanagerTarget([alertmanager], byName: false));
        Assert.Null(Aspire.Hosting.PlatformAlertingBuilderExtensions.AlertmanagerTarget([new ExecutableResource("prometheus", "prometheus", ".")], byName: false));
    }

    private static (AlertSettings Settings, IReadOnlyList<ConfigurationProblem> Problems) Read(params (string Key, string Value)[] values)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(values.Select(value => new KeyValuePair<string, string?>($"DeployCode:Alerts:{value.Key}", value.Value)))
            .Build();
        var problems = new List<ConfigurationProblem>();
        return (AlertSettings.Read(configuration.GetSection("DeployCode:Alerts"), problems), problems);
    }

    private static YamlMappingNode Yaml(string text)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        return (YamlMappingNode)stream.Documents[0].RootNode;
    }

    private static Dictionary<string, string> Rules(string yaml) =>
        ((YamlSequenceNode)((YamlMappingNode)((YamlSequenceNode)Yaml(yaml)["groups"])[0])["rules"]).Children.Cast<YamlMappingNode>()
            .ToDictionary(rule => rule["alert"].ToString(), rule => rule["for"].ToString(), StringComparer.Ordinal);
}
