using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using DeployCode.Orchestrator.Configuration;
using DeployCode.Orchestrator.Planning;

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
                ["postgresql", "prometheus", "redis"],
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

        Assert.Equal(64, orchestrator.Settings.Services["circle-of-experts"].Cpu);
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
    public async Task AnUnknownRuntimeIsRefusedNamingTheSettingAndTheChoices()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => AppHostModel.CreateAsync("DeployCode:Runtime=kubernetes"));

        var configuration = Assert.IsType<DeployCodeConfigurationException>(error is DeployCodeConfigurationException ? error : error.InnerException);
        Assert.Contains("DeployCode:Runtime is 'kubernetes'", configuration.Message, StringComparison.Ordinal);
        Assert.Contains("'auto'", configuration.Message, StringComparison.Ordinal);
    }
}
