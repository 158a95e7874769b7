using DeployCode.Orchestrator.Configuration;
using DeployCode.Orchestrator.Planning;
using DeployCode.Orchestrator.Resources;

namespace DeployCode.Orchestrator.Tests;

public sealed class BudgetAllocatorTests
{
    private static readonly HostCapacity s_twoCores = new(2, 8192, 100, 0);

    [Fact]
    public void WhatFitsIsAllocatedAndTheBufferStaysFree()
    {
        var allocation = Allocate(s_twoCores, 20, true, ("postgresql", [], Budget(0.5, 512)), ("auth-service", ["postgresql"], Budget(0.5, 256)));

        Assert.All(allocation.Components, component => Assert.Equal(AllocationStatus.Allocated, component.Status));
        Assert.Equal(1.6, allocation.Capacity.Cpu, 6);
        Assert.Equal(1.0, allocation.CpuAllocated, 6);
        Assert.Equal(768, allocation.MemoryMbAllocated);
    }

    [Fact]
    public void WhatDoesNotFitIsHeldWithItsExactShortfall()
    {
        var allocation = Allocate(s_twoCores, 20, true, ("circle-of-experts", [], Budget(64, 1024) with { Gpu = 4, GpuRequired = true }));

        var held = Assert.Single(allocation.Held);
        Assert.Equal("circle-of-experts needs 4 GPU, 0 free; 64 CPU, 1.6 free", held.Reason);
    }

    [Fact]
    public void EverythingWaitingOnAHeldComponentIsHeldAndTheRestStillRuns()
    {
        var allocation = Allocate(s_twoCores, 20, true,
            ("redis", [], Budget(0.1, 128)),
            ("circle-of-experts", ["redis"], Budget(64, 1024)),
            ("api-gateway", ["circle-of-experts"], Budget(0.1, 128)),
            ("mcp-memory", ["redis"], Budget(0.1, 128)));

        Assert.Equal(["circle-of-experts", "api-gateway"], allocation.Held.Select(component => component.Name));
        Assert.Equal("api-gateway waits for circle-of-experts, which is held", allocation.Held.Last().Reason);
        Assert.Equal(0.2, allocation.CpuAllocated, 6);
    }

    [Fact]
    public void CriticalComponentsAreReservedBeforeTheRest()
    {
        var allocation = Allocate(new HostCapacity(1.25, 8192, 100, 0), 20, true,
            ("prometheus", [], Budget(0.6, 128)),
            ("auth-service", [], Budget(0.6, 128) with { Critical = true }));

        Assert.Equal(AllocationStatus.Allocated, allocation.Components.Single(component => component.Name == "auth-service").Status);
        Assert.Equal("prometheus", Assert.Single(allocation.Held).Name);
    }

    [Theory]
    [InlineData(8.0, nameof(AllocationStatus.Allocated))]
    [InlineData(8.5, nameof(AllocationStatus.Held))]
    public void TheBufferIsNeverHandedOut(double cpu, string expected)
    {
        var allocation = Allocate(new HostCapacity(10, 65536, 100, 0), 20, true, ("circle-of-experts", [], Budget(cpu, 128)));

        Assert.Equal(expected, allocation.Components.Single().Status.ToString());
    }

    [Fact]
    public void APreferredGpuThatIsAbsentIsAWarningAndTheServiceStarts()
    {
        var allocation = Allocate(s_twoCores, 20, true, ("circle-of-experts", [], Budget(0.2, 384) with { Gpu = 1 }));

        var experts = allocation.Components.Single();
        Assert.Equal(AllocationStatus.Allocated, experts.Status);
        Assert.Equal(0, experts.GpusReserved);
        Assert.Equal("circle-of-experts prefers 1 GPU, 0 free: it runs without", Assert.Single(experts.Warnings));
    }

    [Fact]
    public void APresentGpuIsReserved()
    {
        var allocation = Allocate(s_twoCores with { Gpu = 2 }, 20, true, ("circle-of-experts", [], Budget(0.2, 384) with { Gpu = 1, GpuRequired = true }));

        Assert.Equal(1, allocation.Components.Single().GpusReserved);
    }

    [Fact]
    public void UnderWarnWhatDoesNotFitStartsAnywayWithTheReason()
    {
        var allocation = Allocate(s_twoCores, 20, false, ("circle-of-experts", [], Budget(64, 1024)));

        var experts = allocation.Components.Single();
        Assert.Equal(AllocationStatus.OverBudget, experts.Status);
        Assert.StartsWith("circle-of-experts needs 64 CPU, 1.6 free", experts.Reason, StringComparison.Ordinal);
        Assert.Empty(allocation.Held);
    }

    [Theory]
    [InlineData("200000 100000", 2.0)]
    [InlineData("150000 100000", 1.5)]
    public void ACgroupCpuQuotaLimitsTheCores(string cpuMax, double expected)
    {
        using var temp = new TempFolder();
        temp.PlainFile("cpu.max", cpuMax);

        Assert.Equal(expected, HostCapacity.CgroupCpuLimit(temp.Path));
    }

    [Fact]
    public void AnUnlimitedCgroupLeavesTheProcessorCount()
    {
        using var temp = new TempFolder();
        temp.PlainFile("cpu.max", "max 100000");

        Assert.Null(HostCapacity.CgroupCpuLimit(temp.Path));
        Assert.Null(HostCapacity.CgroupCpuLimit(Path.Combine(temp.Path, "absent")));
    }

    private static ServiceBudget Budget(double cpu, int memoryMb) => new(cpu, memoryMb, 0.1, 0, false, false, 1);

    private static BudgetAllocation Allocate(HostCapacity host, double buffer, bool enforce, params (string Name, string[] DependsOn, ServiceBudget Budget)[] components)
    {
        var graph = DependencyGraph.FromEdges(components.Select(component => new KeyValuePair<string, IEnumerable<string>>(component.Name, component.DependsOn)));
        return BudgetAllocator.Allocate(DeploymentPlan.For(graph), components.ToDictionary(component => component.Name, component => component.Budget), host, buffer, enforce);
    }
}
