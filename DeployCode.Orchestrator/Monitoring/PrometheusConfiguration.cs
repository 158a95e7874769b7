using Aspire.Hosting.ApplicationModel;
using YamlDotNet.Serialization;

namespace DeployCode.Orchestrator.Monitoring;

/// <summary>
/// Builds <c>prometheus.yml</c> from the model: every platform service's <c>/metrics</c>, scraped every
/// 15 seconds, and Prometheus itself.
/// </summary>
internal static class PrometheusConfiguration
{
    public const string ScrapeInterval = "15s";
    public const string Retention = "30d";

    /// <summary>The configuration as YAML; <paramref name="targetHost"/> is how Prometheus reaches the services.</summary>
    public static string Build(IEnumerable<IResource> resources, string prometheusName, int prometheusPort, string targetHost)
    {
        var jobs = new List<Dictionary<string, object>>
        {
            Job(prometheusName, "/metrics", $"localhost:{prometheusPort}"),
        };

        foreach (var service in resources.OfType<ProjectResource>().OrderBy(resource => resource.Name, StringComparer.Ordinal))
        {
            var http = service.Annotations.OfType<EndpointAnnotation>().FirstOrDefault(endpoint => endpoint.UriScheme == "http");
            if (http?.Port is { } port)
            {
                jobs.Add(Job(service.Name, "/metrics", $"{targetHost}:{port}"));
            }
        }

        var document = new Dictionary<string, object>
        {
            ["global"] = new Dictionary<string, object> { ["scrape_interval"] = ScrapeInterval, ["evaluation_interval"] = ScrapeInterval },
            ["scrape_configs"] = jobs,
        };

        return new SerializerBuilder().Build().Serialize(document);
    }

    private static Dictionary<string, object> Job(string name, string path, string target) => new()
    {
        ["job_name"] = name,
        ["metrics_path"] = path,
        ["static_configs"] = new[] { new Dictionary<string, object> { ["targets"] = new[] { target } } },
    };
}
