using DeployCode.Orchestrator.Configuration;

namespace DeployCode.AppHost.Tests;

/// <summary>The CODE platform's two budget profiles, which the AppHost ships in its configuration.</summary>
public sealed class AppHostProfilesTests
{
    [Fact]
    public void TheLocalProfileFitsATwoCoreEightGigabyteMachineWithItsBuffer()
    {
        var local = AppHostProfiles.Get(BudgetProfiles.Local);

        Assert.True(local.Values.Sum(service => service.Cpu) <= 2 * 0.8);
        Assert.True(local.Values.Sum(service => service.MemoryMb) <= 8 * 1024 * 0.8);
    }

    [Fact]
    public void TheProductionProfileHasTheOriginalDeploymentsBudgets()
    {
        var production = AppHostProfiles.Get(BudgetProfiles.Production);

        Assert.Equal(new ServiceBudget(4, 8192, 20, 1, false, false, 3), production["circle-of-experts"]);
        Assert.Equal(new ServiceBudget(2, 4096, 50, 0, false, true, 1), production["postgresql"]);
        Assert.Equal(12, production.Count);
    }

    [Fact]
    public void BothProfilesBudgetTheSameComponentsWithTheSameRoles()
    {
        var (local, production) = (AppHostProfiles.Get(BudgetProfiles.Local), AppHostProfiles.Get(BudgetProfiles.Production));

        Assert.Equal(production.Keys.Order(StringComparer.Ordinal), local.Keys.Order(StringComparer.Ordinal));
        Assert.All(production, entry => Assert.Equal(entry.Value.Critical, local[entry.Key].Critical));
    }
}
