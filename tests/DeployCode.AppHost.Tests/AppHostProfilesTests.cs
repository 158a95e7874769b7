using DeployCode.Orchestrator.Configuration;

namespace DeployCode.AppHost.Tests;

/// <summary>The CODE platform's two budget profiles, which the AppHost ships in its configuration.</summary>
public sealed class AppHostProfilesTests
{
    [Fact]
    public async Task TheLocalProfileFitsATwoCoreEightGigabyteMachineWithItsBuffer()
    {
        var local = await AppHostProfiles.GetAsync(BudgetProfiles.Local);

        Assert.True(local.Values.Sum(service => service.Cpu) <= 2 * 0.8);
        Assert.True(local.Values.Sum(service => service.MemoryMb) <= 8 * 1024 * 0.8);
    }

    [Fact]
    public async Task TheProductionProfileHasTheOriginalDeploymentsBudgets()
    {
        var production = await AppHostProfiles.GetAsync(BudgetProfiles.Production);

        Assert.Equal(new ServiceBudget(4, 8192, 20, 1, false, false, 3), production["circle-of-experts"]);
        Assert.Equal(new ServiceBudget(2, 4096, 50, 0, false, true, 1), production["postgresql"]);
        Assert.Equal(13, production.Count);
    }

    [Fact]
    public async Task BothProfilesBudgetTheSameComponentsWithTheSameRoles()
    {
        var (local, production) = (await AppHostProfiles.GetAsync(BudgetProfiles.Local), await AppHostProfiles.GetAsync(BudgetProfiles.Production));

        Assert.Equal(production.Keys.Order(StringComparer.Ordinal), local.Keys.Order(StringComparer.Ordinal));
        Assert.All(production, entry => Assert.Equal(entry.Value.Critical, local[entry.Key].Critical));
    }
}
