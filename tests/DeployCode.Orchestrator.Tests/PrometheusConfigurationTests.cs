using System.Net.Sockets;
using Aspire.Hosting.ApplicationModel;
using DeployCode.Orchestrator.Monitoring;
using YamlDotNet.RepresentationModel;

namespace DeployCode.Orchestrator.Tests;

public sealed class PrometheusConfigurationTests
{
    [Fact]
    public void ServicesAndPrometheusItselfAreScrapedEvery15Seconds()
    {
        var document = Parse(PrometheusConfiguration.Build(
            [Service("auth-service", 8000), Service("circle-of-experts", 8080), Service("api-gateway", 8088)],
            "prometheus",
            9090,
            "localhost"));

        var global = (YamlMappingNode)document["global"];
        Assert.Equal("15s", Scalar(global, "scrape_interval"));
        Assert.Equal("15s", Scalar(global, "evaluation_interval"));

        var jobs = Jobs(document);
        Assert.Equal(["prometheus", "api-gateway", "auth-service", "circle-of-experts"], jobs.Keys);
        Assert.Equal(("/metrics", "localhost:9090"), jobs["prometheus"]);
        Assert.Equal(("/metrics", "localhost:8000"), jobs["auth-service"]);
        Assert.Equal(("/metrics", "localhost:8080"), jobs["circle-of-experts"]);
        Assert.Equal(("/metrics", "localhost:8088"), jobs["api-gateway"]);
    }

    [Fact]
    public void TargetsUseTheHostPrometheusReachesServicesBy()
    {
        var document = Parse(PrometheusConfiguration.Build([Service("auth-service", 8000)], "prometheus", 9090, "host.docker.internal"));

        var jobs = Jobs(document);
        Assert.Equal(("/metrics", "host.docker.internal:8000"), jobs["auth-service"]);
        Assert.Equal(("/metrics", "localhost:9090"), jobs["prometheus"]);
    }

    [Fact]
    public void ResourcesThatAreNotServicesOrHaveNoHttpPortAreLeftOut()
    {
        var noHttp = new ProjectResource("mcp-bashgod");
        noHttp.Annotations.Add(new EndpointAnnotation(ProtocolType.Tcp, uriScheme: "tcp", port: 3010, isProxied: false));
        var container = new ContainerResource("grafana");
        container.Annotations.Add(new EndpointAnnotation(ProtocolType.Tcp, uriScheme: "http", port: 3000, isProxied: false));

        var jobs = Jobs(Parse(PrometheusConfiguration.Build([Service("auth-service", 8000), noHttp, container], "prometheus", 9090, "localhost")));

        Assert.Equal(["prometheus", "auth-service"], jobs.Keys);
    }

    [Fact]
    public void WithoutServicesOnlyPrometheusIsScraped()
    {
        var jobs = Jobs(Parse(PrometheusConfiguration.Build([], "metrics", 9191, "localhost")));

        Assert.Equal(("/metrics", "localhost:9191"), Assert.Single(jobs).Value);
        Assert.Equal("metrics", jobs.Keys.Single());
    }

    [Fact]
    public void TheOrchestratorIsScrapedWithTheRulesLoadedAtTheConfiguredInterval()
    {
        var document = Parse(PrometheusConfiguration.Build([Service("auth-service", 8000)], "prometheus", 9090, "host.docker.internal",
            new PrometheusExtras { Orchestrator = ("deploy-code", 9464), ScrapeIntervalSeconds = 2, RuleFile = "/etc/prometheus/alert-rules.yml" }));

        Assert.Equal("2s", Scalar((YamlMappingNode)document["global"], "scrape_interval"));
        Assert.Equal("/etc/prometheus/alert-rules.yml", ((YamlScalarNode)Assert.Single((YamlSequenceNode)document["rule_files"])).Value);
        var jobs = Jobs(document);
        Assert.Equal(["prometheus", "deploy-code", "auth-service"], jobs.Keys);
        Assert.Equal(("/metrics", "host.docker.internal:9464"), jobs["deploy-code"]);
    }

    private static ProjectResource Service(string name, int port)
    {
        var service = new ProjectResource(name);
        service.Annotations.Add(new EndpointAnnotation(ProtocolType.Tcp, uriScheme: "http", port: port, isProxied: false));
        return service;
    }

    private static YamlMappingNode Parse(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return (YamlMappingNode)Assert.Single(stream.Documents).RootNode;
    }

    private static string Scalar(YamlMappingNode mapping, string key) => ((YamlScalarNode)mapping[key]).Value!;

    // job_name → (metrics_path, the single target), in the order of the file.
    private static OrderedDictionary<string, (string Path, string Target)> Jobs(YamlMappingNode document)
    {
        var jobs = new OrderedDictionary<string, (string, string)>(StringComparer.Ordinal);
        foreach (var job in ((YamlSequenceNode)document["scrape_configs"]).Cast<YamlMappingNode>())
        {
            var staticConfig = (YamlMappingNode)Assert.Single((YamlSequenceNode)job["static_configs"]);
            var target = (YamlScalarNode)Assert.Single((YamlSequenceNode)staticConfig["targets"]);
            jobs.Add(Scalar(job, "job_name"), (Scalar(job, "metrics_path"), target.Value!));
        }

        return jobs;
    }
}
