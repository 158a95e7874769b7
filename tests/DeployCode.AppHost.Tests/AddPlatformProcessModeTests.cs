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
