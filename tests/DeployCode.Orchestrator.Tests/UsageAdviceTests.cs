using DeployCode.Orchestrator.Resources;

namespace DeployCode.Orchestrator.Tests;

public sealed class UsageAdviceTests
{
    private static readonly AllocationView s_budget = new(Cpu: 0.5, MemoryMb: 256, Gpu: 0, Status: "Allocated", Reason: null);

    [Fact]
    public void UseWithinTheBudgetIsNotOverAllocation()
    {
        Assert.Null(UsageAdvice.OverAllocation(new UsageView(0.4, 200, DateTimeOffset.UtcNow), s_budget));
    }

    [Fact]
    public void CpuAboveTheAllocationSuggestsMoreCpuOrAReplica()
    {
        var usage = new UsageView(0.9, 100, DateTimeOffset.UtcNow);

        Assert.Equal("CPU 0.9 of 0.5 allocated", UsageAdvice.OverAllocation(usage, s_budget));
        Assert.Equal(
            "auth-service runs over its budget (CPU 0.9 of 0.5 allocated): raise DeployCode:Services:auth-service:Cpu to 1.25 " +
            "or add a replica (DeployCode:Services:auth-service:Replicas).",
            UsageAdvice.Suggest("auth-service", usage, s_budget));
    }

    [Fact]
    public void MemoryAbove85PercentSuggestsMoreMemory()
    {
        var usage = new UsageView(0.1, 230, DateTimeOffset.UtcNow);

        Assert.Equal("memory 230 MiB of 256 MiB allocated", UsageAdvice.OverAllocation(usage, s_budget));
        Assert.EndsWith("raise DeployCode:Services:redis:MemoryMb to 320.", UsageAdvice.Suggest("redis", usage, s_budget), StringComparison.Ordinal);
    }
}
