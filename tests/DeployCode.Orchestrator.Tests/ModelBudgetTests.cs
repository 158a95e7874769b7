using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using DeployCode.Orchestrator.Configuration;
using DeployCode.Orchestrator.Model;

namespace DeployCode.Orchestrator.Tests;

/// <summary>A budget and a role given on the model (WithBudget, AsCritical), and configuration over them.</summary>
public sealed class ModelBudgetTests
{
    [Fact]
    public void AComponentHasTheBudgetAndRoleItsAppHostGivesIt()
    {
        var budgets = Budgets(builder => builder.AddContainer("db", "db-image").WithBudget(cpu: 0.5, memoryMb: 512, storageGb: 2).AsCritical());

        Assert.Equal(new ServiceBudget(0.5, 512, 2, 0, false, true, 1), budgets["db"]);
    }

    [Fact]
    public void AComponentWithoutABudgetReservesNothing()
    {
        var budgets = Budgets(builder => builder.AddContainer("cache", "cache-image"));

        Assert.Equal(ServiceBudget.None, budgets["cache"]);
    }

    [Fact]
    public void AProfileEntryOverridesOnlyTheValuesItSets()
    {
        var budgets = Budgets(
            builder => builder.AddContainer("db", "db-image").WithBudget(cpu: 0.5, memoryMb: 512, replicas: 2).AsCritical(),
            "DeployCode:Profile=small", "DeployCode:Profiles:small:db:Cpu=0.25");

        Assert.Equal(new ServiceBudget(0.25, 512, 0, 0, false, true, 2), budgets["db"]);
    }

    [Fact]
    public void AServiceSettingOverridesTheProfileAndTheModel()
    {
        var budgets = Budgets(
            builder => builder.AddContainer("db", "db-image").WithBudget(cpu: 0.5, memoryMb: 512).AsCritical(),
            "DeployCode:Profile=small", "DeployCode:Profiles:small:db:Cpu=0.25", "DeployCode:Services:db:Cpu=3", "DeployCode:Services:db:Critical=false");

        Assert.Equal(new ServiceBudget(3, 512, 0, 0, false, false, 1), budgets["db"]);
    }

    [Fact]
    public void TheLastBudgetGivenIsTheOneThatHolds()
    {
        var budgets = Budgets(builder => builder.AddContainer("db", "db-image").WithBudget(cpu: 4, memoryMb: 4096).WithBudget(cpu: 1, memoryMb: 256));

        Assert.Equal(new ServiceBudget(1, 256, 0, 0, false, false, 1), budgets["db"]);
    }

    [Fact]
    public void AHeldComponentKeepsItsBudgetAndItsPlaceInThePlanButDoesNotRunHere()
    {
        var builder = DistributedApplication.CreateBuilder(["--operation", "publish", "DeployCode:Gpus=0"]);
        var orchestrator = builder.AddDeployCodeOrchestrator("deploy-code").Resource;
        var db = builder.AddContainer("db", "db-image").WithBudget(cpu: 0.5, memoryMb: 256);
        var reports = builder.AddContainer("reports", "reports-image").WithBudget(cpu: 512, memoryMb: 256).WaitFor(db);

        // What the deployment does to a component the budget holds.
        reports.WithAnnotation(new ExplicitStartupAnnotation()).WithAnnotation(new Planning.HeldByBudgetAnnotation());

        Assert.Equal(512, ComponentBudgets.Of(orchestrator.Settings, builder.Resources)["reports"].Cpu);
        Assert.Equal(["db"], Planning.DependencyGraph.FromModel(builder.Resources).DependsOn["reports"]);
        Assert.False(Planning.PlatformComponents.RunsHere(reports.Resource));
        Assert.True(Planning.PlatformComponents.RunsHere(db.Resource));
    }

    [Theory]
    [InlineData(-1, 256, 1, "cpu")]
    [InlineData(1, -256, 1, "memoryMb")]
    [InlineData(1, 256, 0, "replicas")]
    public void ABudgetThatCannotBeIsRefusedNamingTheArgument(double cpu, int memoryMb, int replicas, string argument)
    {
        var builder = DistributedApplication.CreateBuilder(["--operation", "publish"]);

        var refused = Assert.Throws<ArgumentOutOfRangeException>(() => builder.AddContainer("db", "db-image").WithBudget(cpu, memoryMb, replicas: replicas));

        Assert.Equal(argument, refused.ParamName);
    }

    [Fact]
    public void ARequiredGpuThatIsNotAskedForIsRefused()
    {
        var builder = DistributedApplication.CreateBuilder(["--operation", "publish"]);

        var refused = Assert.Throws<ArgumentException>(() => builder.AddContainer("ai", "ai-image").WithBudget(cpu: 1, memoryMb: 256, gpuRequired: true));

        Assert.Equal("gpuRequired", refused.ParamName);
        Assert.Contains("gpu: 1", refused.Message, StringComparison.Ordinal);
    }

    // Publish mode: no container engine is probed and no binaries are looked for.
    private static IReadOnlyDictionary<string, ServiceBudget> Budgets(Action<IDistributedApplicationBuilder> add, params string[] settings)
    {
        var builder = DistributedApplication.CreateBuilder(["--operation", "publish", "DeployCode:Gpus=0", .. settings]);
        var orchestrator = builder.AddDeployCodeOrchestrator("deploy-code").Resource;
        add(builder);
        Assert.Empty(orchestrator.Settings.Problems);
        return ComponentBudgets.Of(orchestrator.Settings, builder.Resources);
    }
}
