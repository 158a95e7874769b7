namespace DeployCode.Orchestrator.Resources;

/// <summary>The machine shared out: what it has, what the platform may use after the buffer, and each component's share.</summary>
/// <param name="Host">The machine.</param>
/// <param name="Capacity">What the platform may use: the machine less the buffer.</param>
/// <param name="BufferPercent">The share kept free.</param>
/// <param name="Components">Each component, in dependency order.</param>
internal sealed record BudgetAllocation(HostCapacity Host, HostCapacity Capacity, double BufferPercent, IReadOnlyList<ComponentAllocation> Components)
{
    /// <summary>Components held before they start.</summary>
    public IEnumerable<ComponentAllocation> Held => Components.Where(component => component.Status == AllocationStatus.Held);

    /// <summary>CPU reserved by everything that starts.</summary>
    public double CpuAllocated => Components.Where(component => component.Status != AllocationStatus.Held).Sum(component => component.Budget.Cpu);

    /// <summary>Memory reserved by everything that starts, in MiB.</summary>
    public long MemoryMbAllocated => Components.Where(component => component.Status != AllocationStatus.Held).Sum(component => (long)component.Budget.MemoryMb);
}
