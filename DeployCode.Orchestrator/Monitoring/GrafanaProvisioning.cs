using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

using DeployCode.Orchestrator.Model;

namespace DeployCode.Orchestrator.Monitoring;

/// <summary>
/// Grafana's provisioning for the published platform: Prometheus and Jaeger as data sources, and the
/// dashboards "&lt;platform&gt; overview", "Service health" and "Resource usage", built on the metrics every
/// service exports (<c>up</c>, <c>http_server_request_duration_seconds</c>, <c>dotnet_process_*</c>).
/// </summary>
internal static class GrafanaProvisioning
{
    /// <summary>Where the dashboards' JSON is mounted, and where the dashboard provider reads it.</summary>
    public const string DashboardsFolder = "/etc/grafana/dashboards";

    private static readonly JsonSerializerOptions s_json = new() { WriteIndented = true };

    /// <summary>Each dashboard of <paramref name="platform"/>: file name, uid, title, and panels (title, PromQL, unit).</summary>
    public static IReadOnlyList<(string FileName, string Uid, string Title, (string Title, string Query, string Unit)[] Panels)> Dashboards(PlatformName platform) =>
    [
        ($"{platform.Slug}-overview.json", $"{platform.Slug}-overview", $"{platform.Display} overview",
        [
            ("Components up", "sum(up)", "none"),
            ("Up, by component", "up", "none"),
            ("Requests per second, by service", "sum by (job) (rate(http_server_request_duration_seconds_count[5m]))", "reqps"),
            ("5xx responses per second, by service", "sum by (job) (rate(http_server_request_duration_seconds_count{http_response_status_code=~\"5..\"}[5m]))", "reqps"),
        ]),
        ("service-health.json", "service-health", "Service health",
        [
            ("p95 latency, by service", "histogram_quantile(0.95, sum by (job, le) (rate(http_server_request_duration_seconds_bucket[5m])))", "s"),
            ("Error ratio, by service", "sum by (job) (rate(http_server_request_duration_seconds_count{http_response_status_code=~\"5..\"}[5m])) / sum by (job) (rate(http_server_request_duration_seconds_count[5m]))", "percentunit"),
            ("Scrape target up, by component", "up", "none"),
        ]),
        ("resource-usage.json", "resource-usage", "Resource usage",
        [
            ("CPU, by service", "sum by (job) (rate(dotnet_process_cpu_time_seconds_total[5m]))", "none"),
            ("Working set, by service", "sum by (job) (dotnet_process_memory_working_set_bytes)", "bytes"),
            ("GC heap, by service", "sum by (job) (dotnet_gc_last_collection_heap_size_bytes)", "bytes"),
        ]),
    ];

    /// <summary><c>datasources.yml</c>: Prometheus (the default) and Jaeger, by their names on the artifact's network.</summary>
    public static string DataSources(string prometheusUrl, string? jaegerUrl)
    {
        var text = "apiVersion: 1\n" +
            "datasources:\n" +
            "  - name: Prometheus\n    uid: prometheus\n    type: prometheus\n    access: proxy\n" +
            $"    url: {prometheusUrl}\n    isDefault: true\n";
        if (jaegerUrl is not null)
        {
            text += "  - name: Jaeger\n    uid: jaeger\n    type: jaeger\n    access: proxy\n" + $"    url: {jaegerUrl}\n";
        }

        return text;
    }

    /// <summary><c>dashboards.yml</c>: one file provider reading <see cref="DashboardsFolder"/>, into a folder named after <paramref name="platform"/>.</summary>
    public static string DashboardProvider(PlatformName platform) =>
        "apiVersion: 1\n" +
        "providers:\n" +
        $"  - name: {platform.Display}\n    type: file\n    folder: {platform.Display}\n    disableDeletion: true\n" +
        $"    options:\n      path: {DashboardsFolder}\n";

    /// <summary>One dashboard's JSON: a time series panel per query, two to a row.</summary>
    public static string Dashboard(string uid, string title, IReadOnlyList<(string Title, string Query, string Unit)> panels, PlatformName platform)
    {
        var list = new JsonArray();
        for (var index = 0; index < panels.Count; index++)
        {
            var (panelTitle, query, unit) = panels[index];
            list.Add(new JsonObject
            {
                ["id"] = index + 1,
                ["type"] = "timeseries",
                ["title"] = panelTitle,
                ["datasource"] = new JsonObject { ["type"] = "prometheus", ["uid"] = "prometheus" },
                ["gridPos"] = new JsonObject { ["h"] = 8, ["w"] = 12, ["x"] = index % 2 * 12, ["y"] = index / 2 * 8 },
                ["fieldConfig"] = new JsonObject { ["defaults"] = new JsonObject { ["unit"] = unit }, ["overrides"] = new JsonArray() },
                ["targets"] = new JsonArray(new JsonObject
                {
                    ["refId"] = "A",
                    ["expr"] = query,
                    ["legendFormat"] = query.Contains("by (job", StringComparison.Ordinal) || query == "up" ? "{{job}}" : panelTitle,
                    ["datasource"] = new JsonObject { ["type"] = "prometheus", ["uid"] = "prometheus" },
                }),
            });
        }

        var dashboard = new JsonObject
        {
            ["uid"] = uid,
            ["title"] = title,
            ["tags"] = new JsonArray(platform.Slug),
            ["timezone"] = "browser",
            ["schemaVersion"] = 39,
            ["version"] = 1,
            ["refresh"] = "30s",
            ["time"] = new JsonObject { ["from"] = "now-1h", ["to"] = "now" },
            ["panels"] = list,
        };
        return dashboard.ToJsonString(s_json) + "\n";
    }

    /// <summary>An address on the artifact's network.</summary>
    public static string Url(string host, int port) => string.Create(CultureInfo.InvariantCulture, $"http://{host}:{port}");
}
