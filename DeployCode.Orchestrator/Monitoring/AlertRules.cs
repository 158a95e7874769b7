using System.Globalization;
using Aspire.Hosting.ApplicationModel;
using YamlDotNet.Serialization;
using DeployCode.Orchestrator.Planning;

namespace DeployCode.Orchestrator.Monitoring;

/// <summary>
/// The platform's Prometheus alert rules (<c>alert-rules.yml</c>): a target down, CPU above 90 % and memory above
/// 85 % of the budget, use over the allocation, an unhealthy service, API p95 above 2 s, a 5xx rate above 5 %, the
/// experts costing more in an hour than <c>DeployCode:Alerts:AiCostPerHourUsd</c>, and each group of components the
/// AppHost gives a down alert of its own (<c>WithDownAlert</c>, such as a group of MCP servers down for two minutes).
/// </summary>
internal static class AlertRules
{
    /// <summary>The file name next to <c>prometheus.yml</c>.</summary>
    public const string FileName = "alert-rules.yml";

    /// <summary>
    /// What a service given WithPlatformExperts reports its expert calls to cost: its counter <c>deploycode.experts.cost.usd</c> (no unit),
    /// as OpenTelemetry's Prometheus exporter names it.
    /// </summary>
    public const string ExpertCostMetric = "deploycode_experts_cost_usd_total";

    // The one rule whose threshold is configured (DeployCode:Alerts:AiCostPerHourUsd).
    private const string AiCostAlert = "AiCostAboveHourlyLimit";

    private static readonly (string Alert, string Expression, string For, string Severity, string Summary)[] s_fixedThresholds =
    [
        ("TargetDown", "up == 0", "1m", "critical", "{{ $labels.job }} is down: Prometheus cannot scrape it"),
        ("CircuitOpen", "deploycode_circuit_state == 2", "0m", "critical",
            "{{ $labels.service }} failed repeatedly: its circuit is open and Deploy-Code is restarting it"),
        ("ServiceUnhealthy", "deploycode_service_health < 1", "1m", "warning", "{{ $labels.service }} reports unhealthy or is not running"),
        ("HighCpuUsage", "deploycode_usage_cpu_cores / on(service) deploycode_budget_cpu_allocated_cores > 0.9", "2m", "warning",
            "{{ $labels.service }} uses over 90 % of its CPU budget"),
        ("HighMemoryUsage", "deploycode_usage_memory_bytes / on(service) deploycode_budget_memory_allocated_bytes > 0.85", "2m", "warning",
            "{{ $labels.service }} uses over 85 % of its memory budget"),
        ("ServiceOverAllocation", "deploycode_usage_cpu_cores / on(service) deploycode_budget_cpu_allocated_cores > 1", "5m", "warning",
            "{{ $labels.service }} runs over its CPU allocation: raise its Cpu or add a replica (see its deploycode.suggestion in the dashboard)"),
        ("ApiLatencyHigh", "histogram_quantile(0.95, sum by (job, le) (rate(http_server_request_duration_seconds_bucket[5m]))) > 2", "5m", "warning",
            "{{ $labels.job }} answers 5 % of requests slower than 2 s"),
        ("High5xxRate",
            "sum by (job) (rate(http_server_request_duration_seconds_count{http_response_status_code=~\"5..\"}[5m])) / sum by (job) (rate(http_server_request_duration_seconds_count[5m])) > 0.05",
            "5m", "critical", "{{ $labels.job }} fails more than 5 % of requests with a 5xx"),
    ];

    /// <summary>The names of the rules every platform has, which a down alert of the AppHost's cannot take.</summary>
    public static IReadOnlyList<string> FixedAlertNames { get; } = [.. s_fixedThresholds.Select(rule => rule.Alert), AiCostAlert];

    /// <summary>The down alerts the model gives (<c>WithDownAlert</c>), each with the components that share it, by alert name.</summary>
    public static IReadOnlyList<DownAlert> DownAlertsOf(IEnumerable<IResource> resources) =>
        [.. resources.Where(PlatformComponents.IsComponent)
            .SelectMany(resource => resource.Annotations.OfType<PlatformDownAlertAnnotation>().Select(given => (Given: given, resource.Name)))
            .GroupBy(entry => entry.Given)
            .OrderBy(group => group.Key.Alert, StringComparer.Ordinal)
            .Select(group => new DownAlert(group.Key.Alert, group.Key.Noun, group.Key.For, [.. group.Select(entry => entry.Name).Distinct().Order(StringComparer.Ordinal)]))];

    /// <summary>
    /// Every rule, the AI cost one with <paramref name="aiCostPerHourUsd"/> as its limit, and one per down alert of
    /// <paramref name="downAlerts"/>: name, expression, how long it must hold, severity, summary.
    /// </summary>
    public static IReadOnlyList<(string Alert, string Expression, string For, string Severity, string Summary)> Rules(double aiCostPerHourUsd, IReadOnlyList<DownAlert> downAlerts)
    {
        ArgumentNullException.ThrowIfNull(downAlerts);
        var limit = aiCostPerHourUsd.ToString(CultureInfo.InvariantCulture);
        return
        [
            s_fixedThresholds[0],
            // Resource names are letters, digits and hyphens: nothing in them needs escaping in the job matcher.
            .. downAlerts.Select(down => (down.Alert, $"up{{job=~\"{string.Join('|', down.Jobs)}\"}} == 0", Duration(down.For), "critical",
                $"{down.Noun} {{{{ $labels.job }}}} has been down for {Spoken(down.For)}")),
            .. s_fixedThresholds.Skip(1),
            // Any cost over the limit is worth knowing at once: the hour's window already smooths single calls.
            (AiCostAlert, $"sum(increase({ExpertCostMetric}[1h])) > {limit}", "0m", "warning",
                $"The experts cost {{{{ $value | printf \"%.2f\" }}}} USD in the last hour, above the limit of {limit} USD (DeployCode:Alerts:AiCostPerHourUsd)"),
        ];
    }

    /// <summary>
    /// The rules file as YAML, with <paramref name="aiCostPerHourUsd"/> as the AI cost limit and the model's
    /// <paramref name="downAlerts"/>, in one group named after the platform (<paramref name="group"/>). When
    /// <paramref name="forAtMost"/> is set (<c>DeployCode:Alerts:ForSeconds</c>), no rule waits longer than that before it fires.
    /// </summary>
    public static string Build(double aiCostPerHourUsd, IReadOnlyList<DownAlert> downAlerts, string group, TimeSpan? forAtMost = null)
    {
        var rules = Rules(aiCostPerHourUsd, downAlerts).Select(rule => new Dictionary<string, object>
        {
            ["alert"] = rule.Alert,
            ["expr"] = rule.Expression,
            ["for"] = forAtMost is { } most && ParseDuration(rule.For) > most ? Duration(most) : rule.For,
            ["labels"] = new Dictionary<string, string> { ["severity"] = rule.Severity },
            ["annotations"] = new Dictionary<string, string> { ["summary"] = rule.Summary },
        }).ToArray();

        var document = new Dictionary<string, object>
        {
            ["groups"] = new[] { new Dictionary<string, object> { ["name"] = group, ["rules"] = rules } },
        };
        return new SerializerBuilder().Build().Serialize(document);
    }

    // The durations these rules use: whole minutes or seconds.
    private static TimeSpan ParseDuration(string duration) =>
        duration.EndsWith('m')
            ? TimeSpan.FromMinutes(long.Parse(duration[..^1], CultureInfo.InvariantCulture))
            : TimeSpan.FromSeconds(long.Parse(duration[..^1], CultureInfo.InvariantCulture));

    // Prometheus durations: 2m, 90s.
    private static string Duration(TimeSpan span) => span.Ticks % TimeSpan.TicksPerMinute == 0
        ? string.Create(CultureInfo.InvariantCulture, $"{(long)span.TotalMinutes}m")
        : string.Create(CultureInfo.InvariantCulture, $"{(long)span.TotalSeconds}s");

    private static string Spoken(TimeSpan span) => span.Ticks % TimeSpan.TicksPerMinute == 0
        ? string.Create(CultureInfo.InvariantCulture, $"{(long)span.TotalMinutes} minute{((long)span.TotalMinutes == 1 ? "" : "s")}")
        : string.Create(CultureInfo.InvariantCulture, $"{(long)span.TotalSeconds} seconds");
}

/// <summary>A down alert of the AppHost's: its name, what its components are, how long they must be down, and their names.</summary>
internal sealed record DownAlert(string Alert, string Noun, TimeSpan For, IReadOnlyList<string> Jobs);
