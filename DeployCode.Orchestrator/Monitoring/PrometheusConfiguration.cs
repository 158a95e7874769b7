using System.Globalization;
using Aspire.Hosting.ApplicationModel;
using YamlDotNet.Serialization;

namespace DeployCode.Orchestrator.Monitoring;

/// <summary>
/// Builds <c>prometheus.yml</c> from the model: Prometheus itself, the orchestrator's <c>/metrics</c>, every
/// platform service's <c>/metrics</c>, every 15 seconds by default, with the alert rules loaded.
/// </summary>
internal static class PrometheusConfiguration
{
    public const int DefaultScrapeIntervalSeconds = 15;
    public const string Retention = "30d";

    /// <summary>
    /// The configuration as YAML. <paramref name="targetHost"/> is how Prometheus reaches the services and the
    /// orchestrator (localhost, or host.docker.internal from a container).
    /// </summary>
    public static string Build(IEnumerable<IResource> resources, string prometheusName, int prometheusPort, string targetHost, PrometheusExtras? extras = null) =>
        Build(resources, prometheusName, prometheusPort, _ => targetHost, extras);

    /// <summary>The configuration as YAML, reaching each component (by name) at <paramref name="hostOf"/>: its name on a container network.</summary>
    public static string Build(IEnumerable<IResource> resources, string prometheusName, int prometheusPort, Func<string, string> hostOf, PrometheusExtras? extras = null)
    {
        extras ??= new PrometheusExtras();
        var jobs = new List<Dictionary<string, object>>
        {
            Job(prometheusName, "/metrics", $"localhost:{prometheusPort}"),
        };

        if (extras.Orchestrator is { } orchestrator)
        {
            jobs.Add(Job(orchestrator.Name, "/metrics", $"{hostOf(orchestrator.Name)}:{orchestrator.Port}"));
        }

        foreach (var service in resources.OfType<ProjectResource>().OrderBy(resource => resource.Name, StringComparer.Ordinal))
        {
            var http = service.Annotations.OfType<EndpointAnnotation>().FirstOrDefault(endpoint => endpoint.UriScheme == "http");
            if (http?.Port is { } port)
            {
                jobs.Add(Job(service.Name, "/metrics", $"{hostOf(service.Name)}:{port}"));
            }
        }

        var interval = string.Create(CultureInfo.InvariantCulture, $"{extras.ScrapeIntervalSeconds}s");
        var document = new Dictionary<string, object>
        {
            ["global"] = new Dictionary<string, object> { ["scrape_interval"] = interval, ["evaluation_interval"] = interval },
        };
        if (extras.RuleFile is { } ruleFile)
        {
            document["rule_files"] = new[] { ruleFile };
        }

        if (extras.Alertmanager is { } alertmanager)
        {
            // Where Prometheus sends what fires: Alertmanager's own host and port, as Prometheus reaches it.
            document["alerting"] = new Dictionary<string, object>
            {
                ["alertmanagers"] = new[] { new Dictionary<string, object> { ["static_configs"] = new[] { new Dictionary<string, object> { ["targets"] = new[] { alertmanager } } } } },
            };
        }

        document["scrape_configs"] = jobs;
        return new SerializerBuilder().Build().Serialize(document);
    }

    private static Dictionary<string, object> Job(string name, string path, string target) => new()
    {
        ["job_name"] = name,
        ["metrics_path"] = path,
        ["static_configs"] = new[] { new Dictionary<string, object> { ["targets"] = new[] { target } } },
    };
}

/// <summary>What else goes into <c>prometheus.yml</c>: the orchestrator's endpoint, the interval, the rules file, Alertmanager.</summary>
internal sealed record PrometheusExtras
{
    public (string Name, int Port)? Orchestrator { get; init; }

    public int ScrapeIntervalSeconds { get; init; } = PrometheusConfiguration.DefaultScrapeIntervalSeconds;

    public string? RuleFile { get; init; }

    /// <summary>Alertmanager as Prometheus reaches it (<c>host:port</c>), when the model has one.</summary>
    public string? Alertmanager { get; init; }
}
