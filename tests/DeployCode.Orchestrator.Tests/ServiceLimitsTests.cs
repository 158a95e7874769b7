using DeployCode.Orchestrator.Configuration;
using DeployCode.Orchestrator.Resources;

namespace DeployCode.Orchestrator.Tests;

public sealed class ServiceLimitsTests
{
    [Fact]
    public void ADotNetServiceGetsItsCoresRoundedUpAndThreeQuartersOfItsMemoryAsGcHeap()
    {
        var environment = ServiceLimits.DotNetEnvironment(new ServiceBudget(0.25, 384, 0, 0, false, false, 1));

        Assert.Equal("1", environment["DOTNET_PROCESSOR_COUNT"]);
        Assert.Equal(384L * 1024 * 1024 * 3 / 4, Convert.ToInt64(environment["DOTNET_GCHeapHardLimit"][2..], 16));
        Assert.StartsWith("0x", environment["DOTNET_GCHeapHardLimit"], StringComparison.Ordinal);
    }

    [Fact]
    public void SeveralCoresArePassedAsAWholeCount()
    {
        Assert.Equal("3", ServiceLimits.DotNetEnvironment(new ServiceBudget(2.5, 0, 0, 0, false, false, 1))["DOTNET_PROCESSOR_COUNT"]);
    }

    [Theory]
    [InlineData(0.1, "0")]
    [InlineData(1, "0")]
    [InlineData(1.5, null)]
    [InlineData(4, null)]
    public void AServiceWithinOneCoreDoesNotSpinWhileItWaitsForWork(double cores, string? spinLimit)
    {
        var environment = ServiceLimits.DotNetEnvironment(new ServiceBudget(cores, 0, 0, 0, false, false, 1));

        Assert.Equal(spinLimit, environment.GetValueOrDefault("DOTNET_ThreadPool_UnfairSemaphoreSpinLimit"));
    }

    [Fact]
    public void AZeroBudgetLimitsNothing()
    {
        var budget = new ServiceBudget(0, 0, 0, 0, false, false, 1);

        Assert.Empty(ServiceLimits.DotNetEnvironment(budget));
        Assert.Empty(ServiceLimits.ContainerArguments(budget));
    }

    [Fact]
    public void AContainerGetsCpusAndMemoryAsTheEngineTakesThem()
    {
        Assert.Equal(["--cpus", "0.5", "--memory", "256m"], ServiceLimits.ContainerArguments(new ServiceBudget(0.5, 256, 0, 0, false, false, 1)));
    }
}
