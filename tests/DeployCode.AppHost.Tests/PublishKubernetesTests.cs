using DeployCode.Orchestrator.Publishing;
using k8s;
using k8s.Models;

namespace DeployCode.AppHost.Tests;

/// <summary>What <c>aspire publish</c> writes for Kubernetes, read back into the KubernetesClient models and cross-checked.</summary>
public sealed class PublishKubernetesTests(PublishedArtifacts published) : IClassFixture<PublishedArtifacts>
{
    private string Folder => Path.Combine(published.Folder, "kubernetes");

    [Fact]
    public void EveryObjectReadsBackIntoItsTypedModelAndTheKustomizationListsEveryFile()
    {
        var files = Directory.GetFiles(Folder, "*.yaml").Select(Path.GetFileName).Where(name => name != "kustomization.yaml").Order(StringComparer.Ordinal).ToArray();
        var kustomization = File.ReadAllText(Path.Combine(Folder, "kustomization.yaml"));

        Assert.Equal(13, files.Length);
        Assert.All(files, file => Assert.Contains($"  - {file}\n", kustomization, StringComparison.Ordinal));
        Assert.All(Objects(), item => Assert.IsNotType<Dictionary<object, object>>(item));
        Assert.True(File.Exists(Path.Combine(Folder, ".env.example")));
    }

    [Fact]
    public void SelectorsPortsProbesConfigMapsAndSecretsReferToWhatExists()
    {
        var objects = Objects();
        var configMaps = objects.OfType<V1ConfigMap>().Select(map => map.Metadata.Name).ToHashSet();
        var kustomization = File.ReadAllText(Path.Combine(Folder, "kustomization.yaml"));
        foreach (var (name, selector, template) in Workloads(objects))
        {
            Assert.All(selector, label => Assert.Equal(label.Value, template.Metadata.Labels[label.Key]));
            var container = template.Spec.Containers.Single();
            var ports = container.Ports.Select(port => port.ContainerPort).ToHashSet();
            foreach (var probe in new[] { container.ReadinessProbe, container.LivenessProbe, container.StartupProbe }.Where(probe => probe?.HttpGet is not null))
            {
                Assert.Contains(int.Parse(probe!.HttpGet.Port.Value, System.Globalization.CultureInfo.InvariantCulture), ports);
            }

            Assert.All(container.EnvFrom, source => Assert.Contains(source.ConfigMapRef.Name, configMaps));
            Assert.All(container.Env?.Where(variable => variable.ValueFrom is not null) ?? [], variable =>
                Assert.Contains($"name: {variable.ValueFrom.SecretKeyRef.Name}", kustomization, StringComparison.Ordinal));

            var service = objects.OfType<V1Service>().Single(candidate => candidate.Metadata.Name == name);
            Assert.Equal(selector, service.Spec.Selector);
            Assert.All(service.Spec.Ports, port => Assert.Contains(int.Parse(port.TargetPort.Value, System.Globalization.CultureInfo.InvariantCulture), ports));
        }
    }

    [Fact]
    public void DataKeepingComponentsAreStatefulSetsWithClaimsAndTheRestDeployments()
    {
        var objects = Objects();
        var stateful = objects.OfType<V1StatefulSet>().Select(set => set.Metadata.Name).Order(StringComparer.Ordinal);

        Assert.Equal(["alertmanager", "grafana", "mcp-bashgod", "mcp-filesystem", "postgresql", "prometheus", "redis"], stateful);
        Assert.All(objects.OfType<V1StatefulSet>(), set => Assert.NotEmpty(set.Spec.VolumeClaimTemplates));
        Assert.Contains(objects.OfType<V1Deployment>(), deployment => deployment.Metadata.Name == "auth-service");
    }

    [Fact]
    public void BudgetsGiveRequestsLimitsReplicasAndTheGpu()
    {
        var experts = Objects().OfType<V1Deployment>().Single(deployment => deployment.Metadata.Name == "circle-of-experts");
        var resources = experts.Spec.Template.Spec.Containers.Single().Resources;

        Assert.Equal(3, experts.Spec.Replicas);
        Assert.Equal("1", resources.Limits["nvidia.com/gpu"].ToString());
        Assert.Equal("4", resources.Limits["cpu"].ToString());
        Assert.Equal("2", resources.Requests["cpu"].ToString());
    }

    [Fact]
    public void ADependentStartsOnlyOnceItsDependenciesAnswerAndLivenessDoesNotDependOnThem()
    {
        var auth = Objects().OfType<V1Deployment>().Single(deployment => deployment.Metadata.Name == "auth-service").Spec.Template.Spec;

        Assert.Equal(["wait-for-postgresql", "wait-for-redis"], auth.InitContainers.Select(container => container.Name));
        Assert.Contains("nc -z postgresql 5432", auth.InitContainers[0].Command[^1], StringComparison.Ordinal);
        Assert.Equal("/health", auth.Containers[0].ReadinessProbe.HttpGet.Path);
        Assert.Equal("/alive", auth.Containers[0].LivenessProbe.HttpGet.Path);
    }

    [Fact]
    public void NetworkPoliciesAdmitOnlyCallersAndPrometheusExceptAtTheEdge()
    {
        var policies = Objects().OfType<V1NetworkPolicy>().ToDictionary(policy => policy.Metadata.Name);

        Assert.Equal(["auth-service", "circle-of-experts", "mcp-memory", "prometheus"], Peers(policies["postgresql"]));
        // The gateway routes to every MCP server and reads sessions from Redis without waiting for them.
        Assert.Equal(["api-gateway", "circle-of-experts", "mcp-bashgod", "prometheus"], Peers(policies["mcp-memory"]));
        Assert.Equal(["api-gateway", "prometheus"], Peers(policies["mcp-github"]));
        Assert.Equal(["api-gateway", "auth-service", "circle-of-experts", "mcp-memory", "prometheus"], Peers(policies["redis"]));
        Assert.Null(policies["api-gateway"].Spec.Ingress.Single().FromProperty);
        Assert.Equal("LoadBalancer", Objects().OfType<V1Service>().Single(service => service.Metadata.Name == "api-gateway").Spec.Type);
    }

    [Fact]
    public void PrometheusReadsItsConfigurationAndRulesFromAConfigMap()
    {
        var objects = Objects();
        var files = objects.OfType<V1ConfigMap>().Single(map => map.Metadata.Name == "prometheus-files");
        var pod = objects.OfType<V1StatefulSet>().Single(set => set.Metadata.Name == "prometheus").Spec.Template.Spec;

        Assert.Equal(["alert-rules.yml", "prometheus.yml"], files.Data.Keys.Order(StringComparer.Ordinal));
        Assert.Contains("- auth-service:8000", files.Data["prometheus.yml"], StringComparison.Ordinal);
        Assert.Equal("prometheus-files", pod.Volumes.Single(volume => volume.Name == "files").ConfigMap.Name);
        Assert.Contains(pod.Containers[0].VolumeMounts, mount => mount.MountPath == "/etc/prometheus/prometheus.yml" && mount.SubPath == "prometheus.yml");
    }

    [Fact]
    public void ExpertKeysComeFromTheSecretAndTheOtherExpertSettingsFromTheConfigMap()
    {
        var objects = Objects();
        var settings = objects.OfType<V1ConfigMap>().Single(map => map.Metadata.Name == "circle-of-experts-config").Data;
        var container = objects.OfType<V1Deployment>().Single(deployment => deployment.Metadata.Name == "circle-of-experts").Spec.Template.Spec.Containers.Single();
        var environment = container.Env.ToDictionary(variable => variable.Name);

        Assert.Equal("openai-compatible", settings["Experts__local__Provider"]);
        Assert.Equal("http://ollama:11434/v1", settings["Experts__local__BaseUrl"]);
        Assert.Equal("gpt-4o-mini", settings["Experts__openai__Model"]);
        Assert.DoesNotContain(settings.Keys, key => key.EndsWith("__ApiKey", StringComparison.Ordinal));
        foreach (var (expert, variable) in new[] { ("openai", "OPENAI_API_KEY"), ("anthropic", "ANTHROPIC_API_KEY"), ("local", "LOCAL_API_KEY") })
        {
            Assert.Equal(KubernetesPublisher.SecretName("code-platform"), environment[variable].ValueFrom.SecretKeyRef.Name);
            Assert.Equal(variable, environment[variable].ValueFrom.SecretKeyRef.Key);
            Assert.Equal($"$({variable})", environment[$"Experts__{expert}__ApiKey"].Value);
            Assert.Contains($"\n{variable}=\n", File.ReadAllText(Path.Combine(Folder, ".env.example")), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void BashGodsPodMayMakeSandboxesWithItsLocalhostProfileAndNoCapabilities()
    {
        var security = Objects().OfType<V1StatefulSet>().Single(set => set.Metadata.Name == "mcp-bashgod").Spec.Template.Spec.Containers[0].SecurityContext;

        Assert.Equal("Localhost", security.SeccompProfile.Type);
        Assert.Equal("deploy-code/mcp-bashgod-seccomp.json", security.SeccompProfile.LocalhostProfile);
        Assert.True(File.Exists(Path.Combine(Folder, "mcp-bashgod-seccomp.json")));
        Assert.Equal("Unconfined", security.AppArmorProfile.Type);
        Assert.Equal(["ALL"], security.Capabilities.Drop);
        Assert.False(security.AllowPrivilegeEscalation);
        Assert.All(Workloads(Objects()).Where(workload => workload.Name != "mcp-bashgod"), workload => Assert.Null(workload.Template.Spec.Containers[0].SecurityContext));
    }

    [Fact]
    public void RedisIsStartedByTheModelsEntryPointSoItsArgumentsMeanWhatTheySay()
    {
        var redis = Objects().OfType<V1StatefulSet>().Single(set => set.Metadata.Name == "redis").Spec.Template.Spec.Containers[0];

        Assert.Equal(["/bin/sh"], redis.Command);
        Assert.Equal("-c", redis.Args[0]);
        Assert.StartsWith("redis-server --requirepass", redis.Args[1], StringComparison.Ordinal);
        Assert.DoesNotContain("-a ", string.Join(' ', redis.ReadinessProbe?.Exec?.Command ?? redis.StartupProbe?.Exec?.Command ?? []), StringComparison.Ordinal);
    }

    [Fact]
    public async Task BehindAMirrorEveryImageComesFromItTheInitContainersToo()
    {
        var folder = Directory.CreateTempSubdirectory("deploycode-publish-mirror-").FullName;
        try
        {
            await published.PublishAsync(folder, "DeployCode:Images:Registry=registry.example.internal/mirror");
            var auth = KubernetesYaml.LoadAllFromString(File.ReadAllText(Path.Combine(folder, "kubernetes", "auth-service.yaml"))).OfType<V1Deployment>().Single().Spec.Template.Spec;
            var postgres = KubernetesYaml.LoadAllFromString(File.ReadAllText(Path.Combine(folder, "kubernetes", "postgresql.yaml"))).OfType<V1StatefulSet>().Single().Spec.Template.Spec;

            Assert.All(auth.InitContainers, container => Assert.Equal("registry.example.internal/mirror/library/busybox:1.37", container.Image));
            Assert.Equal("registry.example.internal/mirror/library/postgres:17.6", postgres.Containers[0].Image);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static string[] Peers(V1NetworkPolicy policy) =>
        [.. policy.Spec.Ingress.Single().FromProperty.Select(peer => peer.PodSelector.MatchLabels["app.kubernetes.io/name"]).Order(StringComparer.Ordinal)];

    private List<object> Objects() =>
        [.. Directory.GetFiles(Folder, "*.yaml").Where(path => !path.EndsWith("kustomization.yaml", StringComparison.Ordinal))
            .SelectMany(path => KubernetesYaml.LoadAllFromString(File.ReadAllText(path)))];

    private static IEnumerable<(string Name, IDictionary<string, string> Selector, V1PodTemplateSpec Template)> Workloads(List<object> objects) =>
        objects.OfType<V1Deployment>().Select(deployment => (deployment.Metadata.Name, deployment.Spec.Selector.MatchLabels, deployment.Spec.Template))
            .Concat(objects.OfType<V1StatefulSet>().Select(set => (set.Metadata.Name, set.Spec.Selector.MatchLabels, set.Spec.Template)));
}
