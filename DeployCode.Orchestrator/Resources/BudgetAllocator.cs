using System.Globalization;
using DeployCode.Orchestrator.Configuration;
using DeployCode.Orchestrator.Planning;

namespace DeployCode.Orchestrator.Resources;

/// <summary>
/// Shares the machine among the platform's components as the flow document says: critical components are
/// reserved first, then the rest in dependency order, always keeping the buffer free. What does not fit is
/// held with its exact shortfall, and so is everything that waits on it; under <c>warn</c> it starts anyway.
/// </summary>
internal static class BudgetAllocator
{
    /// <summary>Allocates <paramref name="budgets"/> of the components in <paramref name="plan"/> on <paramref name="host"/>.</summary>
    public static BudgetAllocation Allocate(DeploymentPlan plan, IReadOnlyDictionary<string, ServiceBudget> budgets, HostCapacity host, double bufferPercent, bool enforce)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(budgets);
        ArgumentNullException.ThrowIfNull(host);

        var share = 1 - (bufferPercent / 100);
        var capacity = new HostCapacity(host.Cpu * share, (long)(host.MemoryMb * share), host.StorageGb * share, host.Gpu);
        var free = new Free(capacity.Cpu, capacity.MemoryMb, capacity.StorageGb, capacity.Gpu);

        var inDependencyOrder = plan.Phases.SelectMany(phase => phase).ToArray();
        var order = inDependencyOrder.Where(name => Budget(budgets, name).Critical)
            .Concat(inDependencyOrder.Where(name => !Budget(budgets, name).Critical));

        var decided = new Dictionary<string, ComponentAllocation>(StringComparer.Ordinal);
        foreach (var name in order)
        {
            decided[name] = Decide(name, Budget(budgets, name), free, enforce);
        }

        // A component waiting for a held one cannot start either; it gives its reservation back.
        foreach (var name in inDependencyOrder)
        {
            var blocker = plan.Graph.DependsOn[name].FirstOrDefault(dependency => decided[dependency].Status == AllocationStatus.Held);
            if (blocker is not null && decided[name].Status != AllocationStatus.Held)
            {
                free.Release(decided[name]);
                decided[name] = decided[name] with
                {
                    Status = AllocationStatus.Held,
                    Reason = $"{name} waits for {blocker}, which is held",
                    GpusReserved = 0,
                };
            }
        }

        return new BudgetAllocation(host, capacity, bufferPercent, [.. inDependencyOrder.Select(name => decided[name])]);
    }

    private static ComponentAllocation Decide(string name, ServiceBudget budget, Free free, bool enforce)
    {
        var warnings = new List<string>();
        var shortfalls = new List<string>();
        var gpus = budget.Gpu;
        if (gpus > free.Gpu)
        {
            if (budget.GpuRequired)
            {
                shortfalls.Add($"{gpus} GPU, {free.Gpu} free");
            }
            else
            {
                warnings.Add($"{name} prefers {gpus} GPU, {free.Gpu} free: it runs without");
                gpus = 0;
            }
        }

        if (budget.Cpu > free.Cpu + 1e-9)
        {
            shortfalls.Add(string.Create(CultureInfo.InvariantCulture, $"{budget.Cpu:0.##} CPU, {free.Cpu:0.##} free"));
        }

        if (budget.MemoryMb > free.MemoryMb)
        {
            shortfalls.Add(string.Create(CultureInfo.InvariantCulture, $"{budget.MemoryMb} MiB memory, {free.MemoryMb} free"));
        }

        if (budget.StorageGb > free.StorageGb + 1e-9)
        {
            shortfalls.Add(string.Create(CultureInfo.InvariantCulture, $"{budget.StorageGb:0.##} GiB storage, {free.StorageGb:0.#} free"));
        }

        if (shortfalls.Count > 0 && enforce)
        {
            return new ComponentAllocation(name, budget, AllocationStatus.Held, $"{name} needs {string.Join("; ", shortfalls)}", warnings);
        }

        var allocation = new ComponentAllocation(
            name,
            budget,
            shortfalls.Count == 0 ? AllocationStatus.Allocated : AllocationStatus.OverBudget,
            shortfalls.Count == 0 ? null : $"{name} needs {string.Join("; ", shortfalls)} (Budget:Enforcement is warn: starting anyway)",
            warnings) { GpusReserved = gpus };
        free.Take(allocation);
        return allocation;
    }

    private static ServiceBudget Budget(IReadOnlyDictionary<string, ServiceBudget> budgets, string name) =>
        budgets.GetValueOrDefault(name) ?? ServiceBudget.None;

    private sealed class Free(double cpu, long memoryMb, double storageGb, int gpu)
    {
        public double Cpu { get; private set; } = cpu;

        public long MemoryMb { get; private set; } = memoryMb;

        public double StorageGb { get; private set; } = storageGb;

        public int Gpu { get; private set; } = gpu;

        public void Take(ComponentAllocation allocation) => Add(allocation, -1);

        public void Release(ComponentAllocation allocation) => Add(allocation, +1);

        private void Add(ComponentAllocation allocation, int sign)
        {
            Cpu += sign * allocation.Budget.Cpu;
            MemoryMb += sign * allocation.Budget.MemoryMb;
            StorageGb += sign * allocation.Budget.StorageGb;
            Gpu += sign * allocation.GpusReserved;
        }
    }
}
