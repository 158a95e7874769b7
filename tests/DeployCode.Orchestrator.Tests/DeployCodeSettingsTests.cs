using DeployCode.Orchestrator.Configuration;
using Microsoft.Extensions.Configuration;

namespace DeployCode.Orchestrator.Tests;

public sealed class DeployCodeSettingsTests
{
    [Fact]
    public void WithNothingConfiguredTheLocalProfileFitsATwoCoreEightGigabyteMachineWithItsBuffer()
    {
        var settings = Read();

        Assert.Equal(BudgetProfiles.Local, settings.Profile);
        Assert.Empty(settings.Problems);
        Assert.Equal("enforce", settings.Enforcement);
        Assert.Equal(20, settings.BufferPercent);
        Assert.True(settings.Services.Values.Sum(service => service.Cpu) <= 2 * 0.8);
        Assert.True(settings.Services.Values.Sum(service => service.MemoryMb) <= 8 * 1024 * 0.8);
    }

    [Fact]
    public void TheProductionProfileHasThePlatformTablesBudgets()
    {
        var settings = Read(("Profile", "production"));

        Assert.Equal(new ServiceBudget(4, 8192, 20, 1, false, false, 3), settings.Services["circle-of-experts"]);
        Assert.Equal(new ServiceBudget(2, 4096, 50, 0, false, true, 1), settings.Services["postgresql"]);
        Assert.Equal(12, settings.Services.Count);
    }

    [Fact]
    public void OneConfiguredValueOverridesOnlyThatValueOfTheProfile()
    {
        var settings = Read(("Services:circle-of-experts:Cpu", "64"));
        var local = BudgetProfiles.Get(BudgetProfiles.Local)!["circle-of-experts"];

        Assert.Equal(local with { Cpu = 64 }, settings.Services["circle-of-experts"]);
        Assert.Contains("circle-of-experts", settings.ConfiguredServices);
    }

    [Fact]
    public void EveryUnreadableValueIsReportedAtOnceWithItsPathAndFix()
    {
        var settings = Read(
            ("Profile", "huge"),
            ("Budget:Enforcement", "maybe"),
            ("Budget:BufferPercent", "95"),
            ("Services:redis:Cpu", "-1"),
            ("Services:redis:MemoryMb", "lots"),
            ("Services:auth-service:Replicas", "0"),
            ("Services:circle-of-experts:Gpu", "1000"),
            ("Services:circle-of-experts:GpuRequired", "perhaps"),
            ("Services:mcp-memory:Cpus", "2"),
            ("Services:api-gateway:Port", "70000"));

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
