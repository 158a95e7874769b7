using System.Diagnostics;
using System.Text.RegularExpressions;
using DeployCode.Orchestrator.Configuration;
using YamlDotNet.RepresentationModel;

namespace DeployCode.AppHost.Tests;

/// <summary>What <c>aspire publish</c> writes for Docker Compose, parsed and checked by docker-compose itself.</summary>
public sealed partial class PublishComposeTests(PublishedArtifacts published) : IClassFixture<PublishedArtifacts>
{
    private static readonly string[] s_components =
        ["alertmanager", "api-gateway", "auth-service", "circle-of-experts", "grafana", "jaeger", "mcp-bashgod", "mcp-filesystem", "mcp-github", "mcp-memory", "postgresql", "prometheus", "redis"];

    [Fact]
    public async Task DockerComposeAcceptsTheFile()
    {
        var copy = Directory.CreateTempSubdirectory("deploycode-compose-").FullName;
        try
        {
            // The folder as published (the files beside the Compose file are read from it), with .env filled in.
            foreach (var file in Directory.GetFiles(published.ComposeFolder, "*", SearchOption.AllDirectories))
            {
                var target = Path.Combine(copy, Path.GetRelativePath(published.ComposeFolder, file));
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Copy(file, target);
            }

            File.Copy(Path.Combine(published.ComposeFolder, ".env.example"), Path.Combine(copy, ".env"));
            var (exitCode, output, errors) = await CommandLine.RunAsync("docker-compose", copy, TimeSpan.FromMinutes(1), "config", "-q");

            Assert.True(exitCode == 0, output + errors);
        }
        finally
        {
            Directory.Delete(copy, recursive: true);
        }
    }

    [Fact]
    public void EveryComponentIsAServiceOnTheBridgeNetworkWithAHealthCheckAndARestartPolicy()
    {
        var file = Compose();
        var services = (YamlMappingNode)file["services"];

        Assert.Equal(s_components, services.Children.Keys.Select(key => key.ToString()).Order(StringComparer.Ordinal));
        foreach (var (name, node) in services.Children)
        {
            var service = (YamlMappingNode)node;
            Assert.Equal("unless-stopped", service["restart"].ToString());
            Assert.Equal(["code-platform"], ((YamlSequenceNode)service["networks"]).Select(network => network.ToString()));
            Assert.True(service.Children.ContainsKey("healthcheck"), $"{name} has no health check");
        }

        var network = (YamlMappingNode)((YamlMappingNode)file["networks"])["code-platform"];
        Assert.Equal("bridge", network["driver"].ToString());
        Assert.Contains("172.20.0.0/16", Serialize(network), StringComparison.Ordinal);
    }

    [Fact]
    public void AServiceStartsOnceWhatItWaitsForIsHealthyAndReachesItByServiceName()
    {
        var auth = Service("auth-service");

        Assert.Equal(["postgresql", "redis"], ((YamlMappingNode)auth["depends_on"]).Children.Keys.Select(key => key.ToString()));
        Assert.All(((YamlMappingNode)auth["depends_on"]).Children.Values, dependency => Assert.Equal("service_healthy", ((YamlMappingNode)dependency)["condition"].ToString()));
        var environment = (YamlMappingNode)auth["environment"];
        Assert.Equal("Host=postgresql;Port=5432;Username=postgres;Password=${POSTGRESQL_PASSWORD};Database=code", environment["ConnectionStrings__codedb"].ToString());
        Assert.Equal("redis:6379,password=${REDIS_PASSWORD}", environment["ConnectionStrings__redis"].ToString());
        Assert.Equal("http://+:8000", environment["ASPNETCORE_URLS"].ToString());
        Assert.Equal("http://auth-service:8000", ((YamlMappingNode)Service("api-gateway")["environment"])["services__auth-service__http__0"].ToString());
    }

    [Fact]
    public void ServicesSendTelemetryToJaegerAndKeepTheirFilesInAVolume()
    {
        var github = (YamlMappingNode)Service("mcp-github")["environment"];
        Assert.Equal("http://jaeger:4317", github["OTEL_EXPORTER_OTLP_ENDPOINT"].ToString());
        Assert.Equal("grpc", github["OTEL_EXPORTER_OTLP_PROTOCOL"].ToString());
        Assert.Equal("mcp-github", github["OTEL_SERVICE_NAME"].ToString());
        Assert.False(github.Children.ContainsKey("OTEL_DOTNET_EXPERIMENTAL_OTLP_RETRY"));

        var filesystem = Service("mcp-filesystem");
        Assert.Equal("/var/lib/deploy-code/data", ((YamlMappingNode)filesystem["environment"])["Filesystem__Roots__0"].ToString());
        Assert.Equal(["deploycode-mcp-filesystem-data:/var/lib/deploy-code/data"], ((YamlSequenceNode)filesystem["volumes"]).Select(volume => volume.ToString()));
        Assert.True(((YamlMappingNode)Compose()["volumes"]).Children.ContainsKey("deploycode-mcp-filesystem-data"));
    }

    [Fact]
    public async Task PrometheusGetsItsConfigurationAndRulesBesideTheFileScrapingEveryServiceByName()
    {
        var volumes = ((YamlSequenceNode)Service("prometheus")["volumes"]).Select(volume => volume.ToString()).ToArray();
        Assert.Contains("./prometheus/prometheus.yml:/etc/prometheus/prometheus.yml:ro", volumes);
        Assert.Contains("./prometheus/alert-rules.yml:/etc/prometheus/alert-rules.yml:ro", volumes);

        var configuration = await File.ReadAllTextAsync(Path.Combine(published.ComposeFolder, "prometheus", "prometheus.yml"), TestContext.Current.CancellationToken);
        foreach (var service in new[] { "auth-service:8000", "api-gateway:8088", "mcp-memory:3003", "circle-of-experts:8080" })
        {
            Assert.Contains($"- {service}", configuration, StringComparison.Ordinal);
        }

        Assert.Contains("- /etc/prometheus/alert-rules.yml", configuration, StringComparison.Ordinal);
        Assert.Contains("CircuitOpen", await File.ReadAllTextAsync(Path.Combine(published.ComposeFolder, "prometheus", "alert-rules.yml"), TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Fact]
    public void GrafanaIsProvisionedWithItsDataSourcesAndTheThreeDashboards()
    {
        var volumes = ((YamlSequenceNode)Service("grafana")["volumes"]).Select(volume => volume.ToString()).ToArray();
        foreach (var file in new[] { "datasources.yml", "dashboards.yml", "code-platform-overview.json", "service-health.json", "resource-usage.json" })
        {
            Assert.True(File.Exists(Path.Combine(published.ComposeFolder, "grafana", file)), file);
            Assert.Contains(volumes, volume => volume.StartsWith($"./grafana/{file}:/etc/grafana/", StringComparison.Ordinal));
        }

        Assert.Contains("url: http://prometheus:9090", File.ReadAllText(Path.Combine(published.ComposeFolder, "grafana", "datasources.yml")), StringComparison.Ordinal);
    }

    [Fact]
    public void OnlyTheGatewayAndTheMonitoringInterfacesPublishHostPorts()
    {
        // auth-service runs two containers in production: one host port 8000 for both failed to start the second.
        Assert.Equal(["80:8088", "443:8088"], Ports("api-gateway"));
        Assert.Equal(["9090:9090"], Ports("prometheus"));
        Assert.Equal(["3000:3000"], Ports("grafana"));
        foreach (var name in new[] { "postgresql", "redis", "auth-service", "mcp-filesystem", "mcp-memory", "mcp-bashgod", "circle-of-experts" })
        {
            Assert.False(Service(name).Children.ContainsKey("ports"), $"{name} publishes a host port: it is reached by name on the platform's network");
        }
    }

    [Fact]
    public void ThePublishedPostgreSqlCreatesThePlatformsDatabaseAtItsFirstStart()
    {
        // When run, Aspire creates the database; published, nothing did, and auth-service found no database "code".
        var volumes = ((YamlSequenceNode)Service("postgresql")["volumes"]).Select(volume => volume.ToString());

        Assert.Contains("./postgresql/create-databases.sql:/docker-entrypoint-initdb.d/create-databases.sql:ro", volumes);
        Assert.Equal("CREATE DATABASE \"code\";\n", File.ReadAllText(Path.Combine(published.ComposeFolder, "postgresql", "create-databases.sql")));
    }

    [Fact]
    public async Task BashGodsContainerMayMakeSandboxesAndNothingElseMore()
    {
        var bashgod = Service("mcp-bashgod");
        var options = ((YamlSequenceNode)bashgod["security_opt"]).Select(option => option.ToString()).ToArray();

        Assert.Equal(["ALL"], ((YamlSequenceNode)bashgod["cap_drop"]).Select(cap => cap.ToString()));
        Assert.Equal(["no-new-privileges:true", "seccomp=./mcp-bashgod/seccomp.json", "apparmor=unconfined"], options);
        // The profile allows what bubblewrap needs (the engines' defaults refuse it) and refuses the kernel's dangerous calls.
        using var profile = System.Text.Json.JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(published.ComposeFolder, "mcp-bashgod", "seccomp.json"), TestContext.Current.CancellationToken));
        var refused = profile.RootElement.GetProperty("syscalls")[0].GetProperty("names").EnumerateArray().Select(name => name.GetString()).ToArray();
        Assert.Equal("SCMP_ACT_ALLOW", profile.RootElement.GetProperty("defaultAction").GetString());
        Assert.Subset(refused.ToHashSet(), new HashSet<string?> { "ptrace", "bpf", "init_module", "kexec_load", "open_by_handle_at", "keyctl" });
        Assert.DoesNotContain(refused, name => name is "unshare" or "clone" or "mount" or "umount2" or "pivot_root" or "sethostname");
        Assert.All(((YamlMappingNode)Compose()["services"]).Children.Where(service => service.Key.ToString() != "mcp-bashgod"),
            service => Assert.False(((YamlMappingNode)service.Value).Children.ContainsKey("security_opt"), $"{service.Key} has security options"));
    }

    [Fact]
    public async Task TheGitHubServersToolsetsAreAVariableThatTheEnvironmentExampleExplains()
    {
        var environment = (YamlMappingNode)Service("mcp-github")["environment"];
        var example = await File.ReadAllTextAsync(Path.Combine(published.ComposeFolder, ".env.example"), TestContext.Current.CancellationToken);

        Assert.Equal("${GITHUB_TOOLSETS}", environment["GitHub__Toolsets"].ToString());
        Assert.Contains("# github-toolsets: mcp-github's toolsets, comma-separated: all, default (when empty), or context, repos, issues, pull_requests, users.\nGITHUB_TOOLSETS=\n", example, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheFirstAdminComesFromTheEnvironmentAndOpenRegistrationIsOff()
    {
        var environment = (YamlMappingNode)Service("auth-service")["environment"];
        var example = await File.ReadAllLinesAsync(Path.Combine(published.ComposeFolder, ".env.example"), TestContext.Current.CancellationToken);

        Assert.Equal("${BOOTSTRAP_ADMIN_USERNAME}", environment["Auth__BootstrapAdmin__Username"].ToString());
        Assert.Equal("${BOOTSTRAP_ADMIN_PASSWORD}", environment["Auth__BootstrapAdmin__Password"].ToString());
        Assert.Equal("false", environment["Auth__OpenFirstRegistration"].ToString());
        Assert.Contains("BOOTSTRAP_ADMIN_USERNAME=", example);
        Assert.Contains("BOOTSTRAP_ADMIN_PASSWORD=", example);
    }

    [Fact]
    public void WhatPublishesAHostPortRunsOnceOnTheComposeHost()
    {
        Assert.Equal("1", ((YamlMappingNode)Service("api-gateway")["deploy"])["replicas"].ToString());
        Assert.Equal("2", ((YamlMappingNode)Service("auth-service")["deploy"])["replicas"].ToString());
    }

    [Fact]
    public void ServicesCheckTheirOwnHealthWithTheirBinaryAndInfrastructureWithItsTools()
    {
        Assert.Equal(["CMD", "dotnet", "/app/DeployCode.AuthService.dll", "--probe", "http://localhost:8000/health"], HealthTest("auth-service"));
        Assert.Equal(["CMD-SHELL", "pg_isready -U postgres"], HealthTest("postgresql"));
        Assert.Contains("/-/healthy", HealthTest("prometheus")[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task LimitsReservationsReplicasAndTheGpuComeFromTheProductionBudgets()
    {
        var production = await AppHostProfiles.GetAsync(BudgetProfiles.Production);
        foreach (var name in s_components.Where(production.ContainsKey))
        {
            var deploy = (YamlMappingNode)Service(name)["deploy"];
            var limits = (YamlMappingNode)((YamlMappingNode)deploy["resources"])["limits"];
            var replicas = Service(name).Children.ContainsKey("ports") ? 1 : production[name].Replicas;
            Assert.Equal(replicas.ToString(System.Globalization.CultureInfo.InvariantCulture), deploy["replicas"].ToString());
            Assert.Equal(production[name].Cpu, double.Parse(limits["cpus"].ToString(), System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal($"{production[name].MemoryMb}M", limits["memory"].ToString());
        }

        var experts = (YamlMappingNode)((YamlMappingNode)((YamlMappingNode)Service("circle-of-experts")["deploy"])["resources"])["reservations"];
        var gpu = (YamlMappingNode)((YamlSequenceNode)experts["devices"])[0];
        Assert.Equal("nvidia", gpu["driver"].ToString());
        Assert.Equal(["gpu"], ((YamlSequenceNode)gpu["capabilities"]).Select(capability => capability.ToString()));
    }

    [Fact]
    public async Task NoSecretIsWrittenAndEveryVariableIsListedInTheEnvironmentExample()
    {
        foreach (var path in Directory.EnumerateFiles(published.Folder, "*", SearchOption.AllDirectories))
        {
            var text = await File.ReadAllTextAsync(path, TestContext.Current.CancellationToken);
            foreach (var (name, value) in published.Secrets)
            {
                Assert.False(text.Contains(value, StringComparison.Ordinal), $"{Path.GetFileName(path)} contains the value of {name}");
            }
        }

        var compose = await File.ReadAllTextAsync(Path.Combine(published.ComposeFolder, "docker-compose.yaml"), TestContext.Current.CancellationToken);
        var example = await File.ReadAllTextAsync(Path.Combine(published.ComposeFolder, ".env.example"), TestContext.Current.CancellationToken);
        var used = Variable().Matches(compose).Select(match => match.Groups[1].Value).Distinct().Order(StringComparer.Ordinal).ToArray();
        var listed = example.Split('\n').Where(line => line.EndsWith('=')).Select(line => line.TrimEnd('=')).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(used, listed);
        Assert.Contains("POSTGRESQL_PASSWORD", listed);
        // The verifier account is for `dotnet run` only: production has the accounts its users register.
        Assert.DoesNotContain("DEPLOY_CODE_VERIFIER_PASSWORD", listed);
    }

    [Fact]
    public async Task ExpertsReachTheServiceWithTheirKeysAsVariablesListedInTheEnvironmentExample()
    {
        var environment = (YamlMappingNode)Service("circle-of-experts")["environment"];
        string Value(string name) => environment[name].ToString();

        Assert.Equal("openai", Value("Experts__openai__Provider"));
        Assert.Equal("gpt-4o-mini", Value("Experts__openai__Model"));
        Assert.Equal("anthropic", Value("Experts__anthropic__Provider"));
        Assert.Equal("claude-3-5-haiku-latest", Value("Experts__anthropic__Model"));
        Assert.Equal("openai-compatible", Value("Experts__local__Provider"));
        Assert.Equal("llama3.1", Value("Experts__local__Model"));
        Assert.Equal("http://ollama:11434/v1", Value("Experts__local__BaseUrl"));
        Assert.Equal("${OPENAI_API_KEY}", Value("Experts__openai__ApiKey"));
        Assert.Equal("${ANTHROPIC_API_KEY}", Value("Experts__anthropic__ApiKey"));
        Assert.Equal("${LOCAL_API_KEY}", Value("Experts__local__ApiKey"));
        Assert.Equal("Host=postgresql;Port=5432;Username=postgres;Password=${POSTGRESQL_PASSWORD};Database=code", Value("ConnectionStrings__codedb"));
        Assert.Equal("service_healthy", ((YamlMappingNode)((YamlMappingNode)Service("circle-of-experts")["depends_on"])["postgresql"])["condition"].ToString());

        var example = await File.ReadAllTextAsync(Path.Combine(published.ComposeFolder, ".env.example"), TestContext.Current.CancellationToken);
        Assert.Matches(@"(?m)^# openai-api-key \(secret\).*\nOPENAI_API_KEY=$", example);
        Assert.Matches(@"(?m)^# anthropic-api-key \(secret\).*\nANTHROPIC_API_KEY=$", example);
        Assert.Matches(@"(?m)^# local-api-key \(secret\).*\nLOCAL_API_KEY=$", example);
    }

    [Fact]
    public async Task AnUnusableExpertStopsPublishingNamingEachFieldAndNothingIsWritten()
    {
        var folder = Directory.CreateTempSubdirectory("deploycode-publish-refused-").FullName;
        try
        {
            var output = await published.PublishAsync(folder, "DeployCode:Experts:broken:Provider=ollama");

            Assert.Contains("DeployCode:Experts:broken:Provider: 'ollama' is not a provider", output, StringComparison.Ordinal);
            Assert.Contains("DeployCode:Experts:broken:Model: is missing", output, StringComparison.Ordinal);
            Assert.Empty(Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task TheArtifactsTakeTheirImagesFromTheMirrorAndTheComponentsOwnImage()
    {
        var folder = Directory.CreateTempSubdirectory("deploycode-publish-mirror-").FullName;
        try
        {
            await published.PublishAsync(folder, "DeployCode:Images:Registry=registry.example.internal/mirror",
                "DeployCode:Services:jaeger:Image=registry.example.internal/tracing/jaeger:2.10.0",
                "DeployCode:Services:auth-service:Image=registry.example.internal/code/auth-service:1.4.2");
            var services = (YamlMappingNode)Load(Path.Combine(folder, "compose", "docker-compose.yaml"))["services"];
            string Image(string name) => ((YamlMappingNode)services[name])["image"].ToString();

            Assert.Equal("registry.example.internal/mirror/library/postgres:17.6", Image("postgresql"));
            Assert.Equal("registry.example.internal/mirror/prom/prometheus:v3.5.0", Image("prometheus"));
            Assert.Equal("registry.example.internal/tracing/jaeger:2.10.0", Image("jaeger"));
            Assert.Equal("registry.example.internal/code/auth-service:1.4.2", Image("auth-service"));
            Assert.Equal("ghcr.io/deploy-code/mcp-memory:latest", Image("mcp-memory"));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void RedisIsStartedByTheModelsEntryPointSoItsCommandMeansWhatItSays()
    {
        // Without the entry point the image's own would run "redis-server -c 'redis-server …'", and Redis would not start.
        var redis = Service("redis");

        Assert.Equal(["/bin/sh"], ((YamlSequenceNode)redis["entrypoint"]).Select(part => part.ToString()));
        var command = ((YamlSequenceNode)redis["command"]).Select(part => part.ToString()).ToArray();
        Assert.Equal("-c", command[0]);
        Assert.StartsWith("redis-server --requirepass", command[1], StringComparison.Ordinal);
    }

    [Fact]
    public void RedissHealthCheckKeepsThePasswordOffEveryCommandLine()
    {
        var test = HealthTest("redis");

        Assert.Equal("CMD-SHELL", test[0]);
        Assert.DoesNotContain("-a ", test[1], StringComparison.Ordinal);
        // $$ is Compose's escape: the container's shell expands $REDIS_PASSWORD from its environment.
        Assert.StartsWith("REDISCLI_AUTH=\"$$REDIS_PASSWORD\" redis-cli ping", test[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task PublishingTwiceWritesTheSameBytes()
    {
        var again = Directory.CreateTempSubdirectory("deploycode-publish-again-").FullName;
        try
        {
            var clock = Stopwatch.StartNew();
            await published.PublishAsync(again);
            TestContext.Current.SendDiagnosticMessage($"aspire publish (dotnet run --no-build): {published.Elapsed.TotalSeconds:0.0} s, then {clock.Elapsed.TotalSeconds:0.0} s");
            foreach (var path in Directory.EnumerateFiles(published.Folder, "*", SearchOption.AllDirectories))
            {
                var relative = Path.GetRelativePath(published.Folder, path);
                Assert.Equal(await File.ReadAllBytesAsync(path, TestContext.Current.CancellationToken), await File.ReadAllBytesAsync(Path.Combine(again, relative), TestContext.Current.CancellationToken));
            }
        }
        finally
        {
            Directory.Delete(again, recursive: true);
        }
    }

    [GeneratedRegex(@"\$\{([A-Z0-9_]+)\}")]
    private static partial Regex Variable();

    private YamlMappingNode Compose() => Load(Path.Combine(published.ComposeFolder, "docker-compose.yaml"));

    private static YamlMappingNode Load(string file)
    {
        var stream = new YamlStream();
        using var reader = new StringReader(File.ReadAllText(file));
        stream.Load(reader);
        return (YamlMappingNode)stream.Documents[0].RootNode;
    }

    private YamlMappingNode Service(string name) => (YamlMappingNode)((YamlMappingNode)Compose()["services"])[name];

    private string[] Ports(string name) => [.. ((YamlSequenceNode)Service(name)["ports"]).Select(port => port.ToString())];

    private string[] HealthTest(string name) => [.. ((YamlSequenceNode)((YamlMappingNode)Service(name)["healthcheck"])["test"]).Select(part => part.ToString())];

    private static string Serialize(YamlNode node)
    {
        var stream = new YamlStream(new YamlDocument(node));
        using var writer = new StringWriter();
        stream.Save(writer, assignAnchors: false);
        return writer.ToString();
    }
}
