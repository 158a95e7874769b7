using DeployCode.Orchestrator.Configuration;
using Microsoft.Extensions.Configuration;

namespace DeployCode.Orchestrator.Tests;

public sealed class DeployCodeSettingsTests
{
    [Fact]
    public void WithNoProfileNamedTheLocalOneIsTakenFromTheConfiguration()
    {
        var settings = Read(TestProfiles.Values);

        Assert.Equal(BudgetProfiles.Local, settings.Profile);
        Assert.Empty(settings.Problems);
        Assert.Equal("enforce", settings.Enforcement);
        Assert.Equal(20, settings.BufferPercent);
        Assert.Equal(new ServiceBudget(0.5, 512, 2, 0, false, true, 1), settings.BudgetOf("db"));
        Assert.Equal(new ServiceBudget(0.25, 256, 0, 0, false, false, 1), settings.BudgetOf("api"));
    }

    [Fact]
    public void ANamedProfileGivesItsOwnBudgets()
    {
        var settings = Read([.. TestProfiles.Values, ("Profile", "production")]);

        Assert.Equal(new ServiceBudget(2, 1024, 0, 1, false, false, 3), settings.BudgetOf("api"));
        Assert.Equal(3, settings.Budgets.Count);
    }

    [Fact]
    public void AProfileIsFoundWhateverTheCaseItIsNamedIn()
    {
        var settings = Read([.. TestProfiles.Values, ("Profile", "Production")]);

        Assert.Empty(settings.Problems);
        Assert.Equal(3, settings.BudgetOf("api").Replicas);
    }

    [Fact]
    public void AnAppHostWithoutProfilesReservesNothingAndIsNotAProblem()
    {
        var settings = Read();

        Assert.Empty(settings.Problems);
        Assert.Empty(settings.Budgets);
    }

    [Fact]
    public void AProfileThatIsNotConfiguredIsAProblemNamingTheOnesThatAre()
    {
        var problem = Assert.Single(Read([.. TestProfiles.Values, ("Profile", "huge")]).Problems);

        Assert.Equal("DeployCode:Profile", problem.Path);
        Assert.Contains("'huge' is not a profile", problem.Problem, StringComparison.Ordinal);
        Assert.Contains("local or production", problem.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public void ABadValueInAProfileNotInUseIsReportedToo()
    {
        var problem = Assert.Single(Read([.. TestProfiles.Values, ("Profiles:production:cache:StorageGb", "lots")]).Problems);

        Assert.Equal("DeployCode:Profiles:production:cache:StorageGb", problem.Path);
    }

    [Fact]
    public void OneConfiguredValueOverridesOnlyThatValueOfTheProfile()
    {
        var settings = Read([.. TestProfiles.Values, ("Services:api:Cpu", "64")]);

        Assert.Equal(new ServiceBudget(64, 256, 0, 0, false, false, 1), settings.BudgetOf("api"));
        Assert.Contains("api", settings.ConfiguredServices);
    }

    [Fact]
    public void EveryUnreadableValueIsReportedAtOnceWithItsPathAndFix()
    {
        var settings = Read(
            [
                .. TestProfiles.Values,
                ("Profile", "huge"),
                ("Budget:Enforcement", "maybe"),
                ("Budget:BufferPercent", "95"),
                ("Services:redis:Cpu", "-1"),
                ("Services:redis:MemoryMb", "lots"),
                ("Services:auth-service:Replicas", "0"),
                ("Services:circle-of-experts:Gpu", "1000"),
                ("Services:circle-of-experts:GpuRequired", "perhaps"),
                ("Services:mcp-memory:Cpus", "2"),
                ("Services:api-gateway:Port", "70000"),
            ]);

        string[] expected =
            [
                "DeployCode:Profile", "DeployCode:Budget:Enforcement", "DeployCode:Budget:BufferPercent",
                "DeployCode:Services:redis:Cpu", "DeployCode:Services:redis:MemoryMb", "DeployCode:Services:auth-service:Replicas",
                "DeployCode:Services:circle-of-experts:Gpu", "DeployCode:Services:circle-of-experts:GpuRequired",
                "DeployCode:Services:mcp-memory:Cpus", "DeployCode:Services:api-gateway:Port",
            ];
        Assert.Equal(expected.Order(StringComparer.Ordinal), settings.Problems.Select(problem => problem.Path).Order(StringComparer.Ordinal));
        Assert.All(settings.Problems, problem => Assert.False(string.IsNullOrWhiteSpace(problem.Fix)));
        Assert.Contains(settings.Problems, problem => problem.Path.EndsWith(":Cpu", StringComparison.Ordinal) && problem.Fix.Contains("at least 0", StringComparison.Ordinal));
        Assert.Contains(settings.Problems, problem => problem.Path.EndsWith(":Cpus", StringComparison.Ordinal) && problem.Fix.Contains("Cpu, MemoryMb", StringComparison.Ordinal));
    }

    private static DeployCodeSettings Read(params (string Key, string Value)[] values)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(values.Select(value => new KeyValuePair<string, string?>($"DeployCode:{value.Key}", value.Value)))
            .Build();
        return DeployCodeSettings.Read(configuration.GetSection("DeployCode"));
    }
}
