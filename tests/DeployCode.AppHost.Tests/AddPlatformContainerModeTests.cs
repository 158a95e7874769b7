using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using DeployCode.Orchestrator.Planning;
using DeployCode.Orchestrator.Resources;
using DeployCode.Orchestrator.Model;

namespace DeployCode.AppHost.Tests;

/// <summary>The platform's model in container mode, inspected without starting anything.</summary>
public sealed class AddPlatformContainerModeTests
{
    public static TheoryData<string, int> PlatformPorts => new()
    {
        { "postgresql", 5432 }, { "redis", 6379 }, { "auth-service", 8000 }, { "mcp-filesystem", 3001 },
        { "mcp-github", 3002 }, { "mcp-memory", 3003 }, { "mcp-bashgod", 3010 }, { "circle-of-experts", 8080 },
        { "api-gateway", 8088 }, { "prometheus", 9090 }, { "grafana", 3000 }, { "jaeger", 16686 },
    };

    [Theory]
    [MemberData(nameof(PlatformPorts))]
    public async Task EveryComponentIsPresentOnItsPlatformPort(string name, int port)
    {
        await using var builder = await AppHostModel.CreateAsync("DeployCode:Runtime=container");
        var resource = builder.Get(name);

        var ports = resource.Annotations.OfType<PlatformPortAnnotation>().Single();
        Assert.Equal(port, ports.PlatformPort);
        var orchestrator = builder.Resources.OfType<OrchestratorResource>().Single();
        var expected = orchestrator.PortReassignments.SingleOrDefault(moved => moved.ResourceName == name)?.AssignedPort ?? port;
        Assert.Equal(expected, ports.LocalPort);
        Assert.Contains(resource.Annotations.OfType<EndpointAnnotation>(), endpoint => endpoint.Port == expected);
    }

    [Fact]
    public async Task GatewayListensOnAnUnprivilegedPortHereAndPublishes80And443()
    {
        await using var builder = await AppHostModel.CreateAsync("DeployCode:Runtime=container");
        var ports = builder.Get("api-gateway").Annotations.OfType<PlatformPortAnnotation>().Single();

        Assert.Equal(8088, ports.PlatformPort);
        Assert.Equal([80, 443], ports.PublishedPorts);
    }

    [Fact]
    public async Task JaegerReceivesOtlpOnGrpcAndHttp()
    {
        await using var builder = await AppHostModel.CreateAsync("DeployCode:Runtime=container");
        var targetPorts = builder.Get("jaeger").Annotations.OfType<EndpointAnnotation>().Select(endpoint => endpoint.TargetPort).ToArray();

        Assert.Contains(4317, targetPorts);
        Assert.Contains(4318, targetPorts);
        Assert.Contains(16686, targetPorts);
    }

    [Theory]
    [InlineData("postgresql", "postgres")]
    [InlineData("redis", "redis")]
    [InlineData("prometheus", "prom/prometheus")]
    [InlineData("grafana", "grafana/grafana")]
    [InlineData("jaeger", "jaegertracing/jaeger")]
    public async Task ContainerImagesArePinnedToAVersionNeverLatest(string name, string image)
    {
        await using var builder = await AppHostModel.CreateAsync("DeployCode:Runtime=container");
        var annotation = builder.Get(name).Annotations.OfType<ContainerImageAnnotation>().Single();

        Assert.EndsWith(image, annotation.Image, StringComparison.Ordinal);
        Assert.Matches(@"^v?\d+\.\d+(\.\d+)?$", annotation.Tag);
    }

    [Theory]
    [InlineData("postgresql", "/var/lib/postgresql/data")]
    [InlineData("redis", "/data")]
    [InlineData("prometheus", "/prometheus")]
    [InlineData("grafana", "/var/lib/grafana")]
    public async Task StatefulComponentsKeepTheirDataInNamedVolumes(string name, string target)
    {
        await using var builder = await AppHostModel.CreateAsync("DeployCode:Runtime=container");
        var mounts = builder.Get(name).Annotations.OfType<ContainerMountAnnotation>();

        Assert.Contains(mounts, mount => mount.Type == ContainerMountType.Volume && mount.Target == target && !string.IsNullOrEmpty(mount.Source));
    }

    [Theory]
    [InlineData("docker")]
    [InlineData("podman")]
    public async Task CircleOfExpertsGetsTheGpusOfTheEngineInContainerMode(string preferred)
    {
        // The engine is the one that answers here (the preferred one when none does), so the arguments follow it.
        await using var builder = await AppHostModel.CreateAsync("DeployCode:Runtime=container", "DeployCode:Gpus=2", $"ASPIRE_CONTAINER_RUNTIME={preferred}");
        var engine = builder.Resources.OfType<OrchestratorResource>().Single().Runtime.Engine;

        string[] expected = engine == "podman" ? ["--device", "nvidia.com/gpu=all"] : ["--gpus", "all"];
        Assert.Equal(expected, await RuntimeArgumentsAsync(builder.Get("circle-of-experts")));
    }

    [Theory]
    [InlineData("docker", new[] { "--gpus", "all" })]
    [InlineData("podman", new[] { "--device", "nvidia.com/gpu=all" })]
    public void EachEngineHandsTheGpusOverInItsOwnWay(string engine, string[] expected)
    {
        Assert.Equal(expected, PlatformServiceBuilderExtensions.GpuRuntimeArguments(engine));
    }

    [Fact]
    public async Task TheGpuHandedToCircleOfExpertsIsReservedInItsBudget()
    {
        await using var builder = await AppHostModel.CreateAsync("DeployCode:Runtime=container", "DeployCode:Gpus=1", "DeployCode:Profile=production", "ASPIRE_CONTAINER_RUNTIME=docker");
        var orchestrator = builder.Resources.OfType<OrchestratorResource>().Single();
        var plan = DeploymentPlan.For(DependencyGraph.FromModel(builder.Resources));

        var allocation = BudgetAllocator.Allocate(plan, ComponentBudgets.Of(orchestrator.Settings, builder.Resources), new HostCapacity(64, 256 * 1024, 10_000, orchestrator.HostGpus), 20, enforce: true);

        Assert.Equal(["--gpus", "all"], await RuntimeArgumentsAsync(builder.Get("circle-of-experts")));
        Assert.Equal(1, allocation.Components.Single(component => component.Name == "circle-of-experts").GpusReserved);
    }

    [Theory]
    [InlineData("container", "0")]
    [InlineData("process", "2")]
    public async Task NoGpuArgumentsWithoutGpusOrOutsideContainerMode(string runtime, string gpus)
    {
        await using var builder = await AppHostModel.CreateAsync($"DeployCode:Runtime={runtime}", $"DeployCode:Gpus={gpus}");

        Assert.Empty(await RuntimeArgumentsAsync(builder.Get("circle-of-experts")));
    }

    [Theory]
    [InlineData("postgresql-password")]
    [InlineData("redis-password")]
    [InlineData("jwt-signing-key")]
    [InlineData("deploy-code-verifier-password")]
    [InlineData("github-token")]
    [InlineData("openai-api-key")]
    [InlineData("anthropic-api-key")]
    public async Task SecretsAreSecretParameters(string name)
    {
        await using var builder = await AppHostModel.CreateAsync("DeployCode:Runtime=container");

        Assert.True(Assert.IsType<ParameterResource>(builder.Get(name)).Secret);
    }

    [Fact]
    public async Task ServicesReceiveSecretsAsParameterReferencesNotValues()
    {
        await using var builder = await AppHostModel.CreateAsync("DeployCode:Runtime=container");
        var environment = await builder.Get("auth-service").PublishedEnvironmentAsync();

        Assert.Equal("{jwt-signing-key.value}", environment["Auth__SigningKey"]);
        Assert.Equal("{codedb.connectionString}", environment["ConnectionStrings__codedb"]);
        Assert.Contains("{postgresql-password.value}", ConnectionString(builder, "postgresql"), StringComparison.Ordinal);
        Assert.Contains("{redis-password.value}", ConnectionString(builder, "redis"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AuthServiceKeepsTheVerifierAccountWithItsPasswordAsASecretParameter()
    {
        await using var builder = await AppHostModel.CreateAsync("DeployCode:Runtime=container");
        var environment = await builder.Get("auth-service").PublishedEnvironmentAsync();

        Assert.Equal("{deploy-code-verifier-password.value}", environment["Auth__ServiceAccounts__deploy-code__Password"]);
        Assert.Equal("operator", environment["Auth__ServiceAccounts__deploy-code__Role"]);
    }

    [Fact]
    public async Task TheWaitGraphGivesThePlatformsDeploymentPhases()
    {
        await using var builder = await AppHostModel.CreateAsync("DeployCode:Runtime=container");

        var phases = DependencyGraph.FromModel(builder.Resources).Phases();

        Assert.Equal(
            [
                ["alertmanager", "jaeger", "postgresql", "prometheus", "redis"],
                ["auth-service", "grafana"],
                ["mcp-filesystem", "mcp-github", "mcp-memory"],
                ["circle-of-experts", "mcp-bashgod"],
                ["api-gateway"],
            ],
            phases);
    }

    [Fact]
    public async Task TheOrchestratorShowsTheRuntimeAndWhy()
    {
        await using var builder = await AppHostModel.CreateAsync("DeployCode:Runtime=container");
        var snapshot = builder.Get("deploy-code").Annotations.OfType<ResourceSnapshotAnnotation>().Single().InitialSnapshot;

        Assert.Contains(snapshot.Properties, property => property.Name == "deploycode.runtime" && Equals(property.Value, "container"));
        Assert.Contains(snapshot.Properties, property => property.Name == "deploycode.runtime.reason" && ((string)property.Value!).Contains("DeployCode:Runtime is 'container'", StringComparison.Ordinal));
    }

    private static string ConnectionString(Aspire.Hosting.Testing.IDistributedApplicationTestingBuilder builder, string name) =>
        ((IResourceWithConnectionString)builder.Get(name)).ConnectionStringExpression.ValueExpression;

    private static async Task<string[]> RuntimeArgumentsAsync(IResource resource)
    {
        var args = new List<object>();
        foreach (var annotation in resource.Annotations.OfType<ContainerRuntimeArgsCallbackAnnotation>())
        {
            await annotation.Callback(new ContainerRuntimeArgsCallbackContext(args));
        }

        return [.. args.Select(arg => arg.ToString()!)];
    }
}
