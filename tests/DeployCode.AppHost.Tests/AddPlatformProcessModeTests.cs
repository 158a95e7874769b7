using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using DeployCode.Orchestrator.Configuration;
using DeployCode.Orchestrator.Networking;
using DeployCode.Orchestrator.Planning;
using DeployCode.Orchestrator.Model;

namespace DeployCode.AppHost.Tests;

/// <summary>The platform's model in process mode, inspected without starting anything.</summary>
public sealed class AddPlatformProcessModeTests
{
    [Fact]
    public async Task InfrastructureRunsAsExecutablesAndNothingNeedsAContainerEngine()
    {
        await using var builder = await AppHostModel.CreateAsync("DeployCode:Runtime=process");

        Assert.IsType<PostgresProcessResource>(builder.Get("postgresql"));
        Assert.IsType<RedisProcessResource>(builder.Get("redis"));
        Assert.IsType<ExecutableResource>(builder.Get("prometheus"));
        Assert.DoesNotContain(builder.Resources, resource => resource is ContainerResource);
    }

    [Theory]
    [InlineData("grafana")]
    [InlineData("jaeger")]
    public async Task GrafanaAndJaegerStayVisibleAsNotAvailable(string name)
    {
        await using var builder = await AppHostModel.CreateAsync("DeployCode:Runtime=process");
        var resource = Assert.IsType<UnavailableResource>(builder.Get(name));
        var snapshot = resource.Annotations.OfType<ResourceSnapshotAnnotation>().Single().InitialSnapshot;

        Assert.Equal(UnavailableResource.State, snapshot.State?.Text);
        Assert.Contains("container mode", resource.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ServicesGetTheSameConnectionStringNamesAsInContainerMode()
    {
        await using var builder = await AppHostModel.CreateAsync("DeployCode:Runtime=process");
        var environment = await builder.Get("auth-service").PublishedEnvironmentAsync();

        Assert.Equal("{codedb.connectionString}", environment["ConnectionStrings__codedb"]);
        Assert.Equal("{redis.connectionString}", environment["ConnectionStrings__redis"]);
        Assert.Equal("{postgresql.connectionString};Database=code", ((IResourceWithConnectionString)builder.Get("codedb")).ConnectionStringExpression.ValueExpression);
        Assert.Equal(
            "Host={postgresql.bindings.tcp.host};Port={postgresql.bindings.tcp.port};Username=postgres;Password={postgresql-password.value}",
            ((IResourceWithConnectionString)builder.Get("postgresql")).ConnectionStringExpression.ValueExpression);
        Assert.Equal(
            "{redis.bindings.tcp.host}:{redis.bindings.tcp.port},password={redis-password.value}",
            ((IResourceWithConnectionString)builder.Get("redis")).ConnectionStringExpression.ValueExpression);
    }

    [Fact]
    public async Task TheWaitGraphHasTheSamePhasesWithoutGrafanaAndJaeger()
    {
        await using var builder = await AppHostModel.CreateAsync("DeployCode:Runtime=process");

        var phases = DependencyGraph.FromModel(builder.Resources.Where(resource => resource is not UnavailableResource)).Phases();

        Assert.Equal(
            [
                ["alertmanager", "postgresql", "prometheus", "redis"],
                ["auth-service"],
                ["mcp-filesystem", "mcp-github", "mcp-memory"],
                ["circle-of-experts", "mcp-bashgod"],
                ["api-gateway"],
            ],
            phases);
    }

    [Fact]
    public async Task OneServiceValueOverridesTheProfile()
    {
        await using var builder = await AppHostModel.CreateAsync("DeployCode:Runtime=process", "DeployCode:Services:circle-of-experts:Cpu=64");
        var orchestrator = builder.Resources.OfType<OrchestratorResource>().Single();

        Assert.Equal(64, ComponentBudgets.Of(orchestrator.Settings, builder.Resources)["circle-of-experts"].Cpu);
        Assert.Equal(BudgetProfiles.Local, orchestrator.Settings.Profile);
    }

    [Fact]
    public async Task ReplicasAreTheSameProjectOnPortsOfTheRangeWithTheSameWaitsAndBudget()
    {
        await using var builder = await AppHostModel.CreateAsync("DeployCode:Runtime=process", "DeployCode:Services:mcp-memory:Replicas=3");
        var primary = (ProjectResource)builder.Get("mcp-memory");
        var replicas = new[] { builder.Get("mcp-memory-2"), builder.Get("mcp-memory-3") }.Cast<ProjectResource>().ToArray();

        var primaryPort = primary.Annotations.OfType<PlatformPortAnnotation>().Single();
        var ports = replicas.Select(replica => replica.Annotations.OfType<PlatformPortAnnotation>().Single().LocalPort).ToArray();
        Assert.All(ports, port => Assert.InRange(port, 30000, 40000));
        Assert.Equal(ports.Length, ports.Distinct().Count());
        Assert.DoesNotContain(primaryPort.LocalPort, ports);

        var waits = primary.Annotations.OfType<WaitAnnotation>().Select(wait => wait.Resource.Name).Order().ToArray();
        var phases = DependencyGraph.FromModel(builder.Resources).Phases().ToList();
        int PhaseOf(string name) => phases.FindIndex(phase => phase.Contains(name));
        foreach (var replica in replicas)
        {
            Assert.Equal("mcp-memory", replica.ServiceName());
            Assert.Equal(primary.GetProjectMetadata().ProjectPath, replica.GetProjectMetadata().ProjectPath);
            Assert.Equal(waits, replica.Annotations.OfType<WaitAnnotation>().Select(wait => wait.Resource.Name).Order());
            Assert.Contains(replica.Annotations.OfType<HealthCheckAnnotation>(), check => check.Key.Contains("/health", StringComparison.Ordinal));
            Assert.Equal(PhaseOf("mcp-memory"), PhaseOf(replica.Name));
        }

        // Dependents reference the service itself; the orchestrator points them at a replica when it must.
        Assert.DoesNotContain(builder.Get("circle-of-experts").Annotations.OfType<WaitAnnotation>(), wait => wait.Resource.Name.StartsWith("mcp-memory-", StringComparison.Ordinal));
    }

    [Fact]
    public async Task OneReplicaIsTheDefault()
    {
        await using var builder = await AppHostModel.CreateAsync("DeployCode:Runtime=process");

        Assert.DoesNotContain(builder.Resources, resource => resource.ServiceName() != resource.Name);
    }

    [Fact]
    public async Task AConfiguredPortReplacesThePlatformPort()
    {
        await using var builder = await AppHostModel.CreateAsync("DeployCode:Runtime=process", "DeployCode:Services:api-gateway:Port=38088");

        Assert.Equal(38088, builder.Get("api-gateway").Annotations.OfType<PlatformPortAnnotation>().Single().PlatformPort);
    }

    [Fact]
    public async Task CircleOfExpertsIsGivenEachDefaultExpertWithItsKeyAsASecretParameter()
    {
        await using var builder = await AppHostModel.CreateAsync("DeployCode:Runtime=process");
        var environment = await builder.Get("circle-of-experts").PublishedEnvironmentAsync();

        Assert.Equal("openai", environment["Experts__openai__Provider"]);
        Assert.Equal("gpt-4o-mini", environment["Experts__openai__Model"]);
        Assert.Equal("{openai-api-key.value}", environment["Experts__openai__ApiKey"]);
        Assert.Equal("anthropic", environment["Experts__anthropic__Provider"]);
        Assert.Equal("claude-3-5-haiku-latest", environment["Experts__anthropic__Model"]);
        Assert.Equal("{anthropic-api-key.value}", environment["Experts__anthropic__ApiKey"]);
        Assert.DoesNotContain(environment.Keys, name => name.StartsWith("Experts__", StringComparison.Ordinal) && name.EndsWith("__Weight", StringComparison.Ordinal));
        Assert.True(Assert.IsType<ParameterResource>(builder.Get("openai-api-key")).Secret);
        Assert.True(Assert.IsType<ParameterResource>(builder.Get("anthropic-api-key")).Secret);
    }

    [Fact]
    public async Task AnExpertAddedInConfigurationReachesTheServiceWithItsOwnKeyParameter()
    {
        await using var builder = await AppHostModel.CreateAsync(
            "DeployCode:Runtime=process",
            "DeployCode:Experts:local:Provider=openai-compatible",
            "DeployCode:Experts:local:Model=llama3.1",
            "DeployCode:Experts:local:BaseUrl=http://localhost:11434/v1",
            "DeployCode:Experts:local:TimeoutSeconds=120");
        var environment = await builder.Get("circle-of-experts").PublishedEnvironmentAsync();

        Assert.Equal("openai-compatible", environment["Experts__local__Provider"]);
        Assert.Equal("llama3.1", environment["Experts__local__Model"]);
        Assert.Equal("http://localhost:11434/v1", environment["Experts__local__BaseUrl"]);
        Assert.Equal("120", environment["Experts__local__TimeoutSeconds"]);
        Assert.Equal("{local-api-key.value}", environment["Experts__local__ApiKey"]);
        Assert.True(Assert.IsType<ParameterResource>(builder.Get("local-api-key")).Secret);
        Assert.Equal("openai", environment["Experts__openai__Provider"]);
    }

    [Fact]
    public async Task AnExpertsKeyComesFromItsSettingsThenFromItsParameterAndIsOtherwiseEmpty()
    {
        await using var builder = await AppHostModel.CreateAsync(
            "DeployCode:Runtime=process",
            "DeployCode:Experts:openai:ApiKey=sk-from-settings",
            "Parameters:openai-api-key=sk-from-parameters",
            "Parameters:anthropic-api-key=sk-anthropic-parameter");

        Assert.Equal("sk-from-settings", await ValueAsync(builder, "openai-api-key"));
        Assert.Equal("sk-anthropic-parameter", await ValueAsync(builder, "anthropic-api-key"));

        await using var withoutKeys = await AppHostModel.CreateAsync("DeployCode:Runtime=process");
        Assert.Equal("", await ValueAsync(withoutKeys, "openai-api-key"));
    }

    [Fact]
    public async Task AnUnusableExpertIsReportedWithEveryFieldBeforeAnythingStarts()
    {
        await using var builder = await AppHostModel.CreateAsync(
            "DeployCode:Runtime=process",
            "DeployCode:Experts:local:Provider=ollama",
            "DeployCode:Experts:local:BaseUrl=localhost:11434",
            "DeployCode:Experts:local:Weight=0",
            "DeployCode:Experts:local:TimeoutSeconds=0",
            "DeployCode:Experts:local:Temperature=0.2",
            "DeployCode:Experts:my_expert:Provider=openai",
            "DeployCode:Experts:my_expert:Model=gpt-4o",
            "DeployCode:Alerts:AiCostPerHourUsd=-5");
        var orchestrator = builder.Resources.OfType<OrchestratorResource>().Single();

        var problems = ConfigurationValidator.Validate(orchestrator.Settings, DependencyGraph.FromModel(builder.Resources), PlatformPorts.Of(builder.Resources));

        Assert.Equal(
            [
                "DeployCode:Alerts:AiCostPerHourUsd",
                "DeployCode:Experts:local:BaseUrl", "DeployCode:Experts:local:Model", "DeployCode:Experts:local:Provider",
                "DeployCode:Experts:local:Temperature", "DeployCode:Experts:local:TimeoutSeconds", "DeployCode:Experts:local:Weight",
                "DeployCode:Experts:my_expert",
            ],
            problems.Select(problem => problem.Path).Order(StringComparer.Ordinal));
        Assert.DoesNotContain(builder.Resources, resource => resource.Name.StartsWith("my_expert", StringComparison.Ordinal));
    }

    [Fact]
    public async Task CircleOfExpertsStoresQueriesInCodeDbAndWaitsForIt()
    {
        await using var builder = await AppHostModel.CreateAsync("DeployCode:Runtime=process");
        var experts = builder.Get("circle-of-experts");

        Assert.Equal("{codedb.connectionString}", (await experts.PublishedEnvironmentAsync())["ConnectionStrings__codedb"]);
        Assert.Contains(experts.Annotations.OfType<WaitAnnotation>(), wait => wait.Resource.Name == "codedb" && wait.WaitType == WaitType.WaitUntilHealthy);
    }

    [Fact]
    public async Task AnUnknownRuntimeIsRefusedNamingTheSettingAndTheChoices()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => AppHostModel.CreateAsync("DeployCode:Runtime=kubernetes"));

        var configuration = Assert.IsType<DeployCodeConfigurationException>(error is DeployCodeConfigurationException ? error : error.InnerException);
        Assert.Contains("DeployCode:Runtime: 'kubernetes' is not a run mode", configuration.Message, StringComparison.Ordinal);
        Assert.Contains("'auto'", configuration.Message, StringComparison.Ordinal);
    }

    private static async Task<string?> ValueAsync(Aspire.Hosting.Testing.IDistributedApplicationTestingBuilder builder, string parameter) =>
        await Assert.IsType<ParameterResource>(builder.Get(parameter)).GetValueAsync(TestContext.Current.CancellationToken)
            .AsTask().WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
}
