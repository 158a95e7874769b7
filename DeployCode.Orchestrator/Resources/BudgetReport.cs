using System.Globalization;
using System.Text;

namespace DeployCode.Orchestrator.Resources;

/// <summary>The budget as people read it: a table in the log and a line in the dashboard.</summary>
internal static class BudgetReport
{
    /// <summary>One row per component: its ask and what it got, then the totals against capacity.</summary>
    public static string ToTable(BudgetAllocation allocation)
    {
        ArgumentNullException.ThrowIfNull(allocation);
        var width = Math.Max("component".Length, allocation.Components.Max(component => component.Name.Length));
        var table = new StringBuilder();
        table.AppendLine(CultureInfo.InvariantCulture, $"{"component".PadRight(width)}    cpu  memory MiB  storage GiB  gpu  status");
        foreach (var component in allocation.Components)
        {
            var budget = component.Budget;
            table.AppendLine(CultureInfo.InvariantCulture,
                $"{component.Name.PadRight(width)}  {budget.Cpu,5:0.##}  {budget.MemoryMb,10}  {budget.StorageGb,11:0.#}  {component.GpusReserved,3}  {component.Status.ToString().ToLowerInvariant()}");
        }

        table.Append(CultureInfo.InvariantCulture, $"{Summary(allocation)}");
        return table.ToString();
    }

    /// <summary>Allocated against capacity, and the machine behind it.</summary>
    public static string Summary(BudgetAllocation allocation)
    {
        ArgumentNullException.ThrowIfNull(allocation);
        return string.Create(CultureInfo.InvariantCulture,
            $"{allocation.CpuAllocated:0.##} of {allocation.Capacity.Cpu:0.##} CPU, {allocation.MemoryMbAllocated} of {allocation.Capacity.MemoryMb} MiB " +
            $"(machine: {allocation.Host.Cpu:0.##} CPU, {allocation.Host.MemoryMb} MiB, {allocation.Host.StorageGb:0.#} GiB free, {allocation.Host.Gpu} GPU; {allocation.BufferPercent:0.#}% kept free)");
    }
}
