using System.Globalization;
using YamlDotNet.Serialization;

namespace DeployCode.Orchestrator.Monitoring;

/// <summary>
/// The platform's Prometheus alert rules (<c>alert-rules.yml</c>): a target down, an MCP server down for two
/// minutes, CPU above 90 % and memory above 85 % of the budget, use over the allocation, an unhealthy
/// service, API p95 above 2 s, a 5xx rate above 5 %, and the experts costing more in an hour than
/// <c>DeployCode:Alerts:AiCostPerHourUsd</c>.
/// </summary>
internal static class AlertRules
{
    /// <summary>The file name next to <c>prometheus.yml</c>.</summary>
    public const string FileName = "alert-rules.yml";

    /// <summary>
    /// What circle-of-experts reports its expert calls to cost: its counter <c>deploycode.experts.cost.usd</c> (no unit),
    /// as OpenTelemetry's Prometheus exporter names it.
    /// </summary>
    public const string ExpertCostMetric = "deploycode_experts_cost_usd_total";

    private static readonly (string Alert, string Expression, string For, string Severity, string Summary)[] s_fixedThresholds =
    [
        ("TargetDown", "up == 0", "1m", "critical", "{{ $labels.job }} is down: Prometheus cannot scrape it"),
        ("McpServerDown", "up{job=~\"mcp-.*\"} == 0", "2m", "critical", "MCP server {{ $labels.job }} has been down for 2 minutes"),
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

    /// <summary>Every rule, the AI cost one with <paramref name="aiCostPerHourUsd"/> as its limit: name, expression, how long it must hold, severity, summary.</summary>
    public static IReadOnlyList<(string Alert, string Expression, string For, string Severity, string Summary)> Rules(double aiCostPerHourUsd)
    {
        var limit = aiCostPerHourUsd.ToString(CultureInfo.InvariantCulture);
        return
        [
            .. s_fixedThresholds,
            // Any cost over the limit is worth knowing at once: the hour's window already smooths single calls.
            ("AiCostAboveHourlyLimit", $"sum(increase({ExpertCostMetric}[1h])) > {limit}", "0m", "warning",
                $"The experts cost {{{{ $value | printf \"%.2f\" }}}} USD in the last hour, above the limit of {limit} USD (DeployCode:Alerts:AiCostPerHourUsd)"),
        ];
    }

    /// <summary>The rules file as YAML, with <paramref name="aiCostPerHourUsd"/> as the AI cost limit.</summary>
    public static string Build(double aiCostPerHourUsd)
    {
        var rules = Rules(aiCostPerHourUsd).Select(rule => new Dictionary<string, object>
        {
            ["alert"] = rule.Alert,
            ["expr"] = rule.Expression,
            ["for"] = rule.For,
            ["labels"] = new Dictionary<string, string> { ["severity"] = rule.Severity },
            ["annotations"] = new Dictionary<string, string> { ["summary"] = rule.Summary },
        }).ToArray();

        var document = new Dictionary<string, object>
        {
            ["groups"] = new[] { new Dictionary<string, object> { ["name"] = "code-platform", ["rules"] = rules } },
        };
        return new SerializerBuilder().Build().Serialize(document);
    }
}
