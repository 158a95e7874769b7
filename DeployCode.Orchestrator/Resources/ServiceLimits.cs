using System.Globalization;
using DeployCode.Orchestrator.Configuration;

namespace DeployCode.Orchestrator.Resources;

/// <summary>
/// A component's budget made real for its process: a .NET service is told its cores and a GC heap limit,
/// and a container gets <c>--cpus</c> and <c>--memory</c>, so that a budget change takes effect on restart.
/// </summary>
internal static class ServiceLimits
{
    /// <summary>Share of the memory budget given to the GC heap: the .NET runtime's own default under a container limit.</summary>
    public const double HeapShare = 0.75;

    /// <summary>
    /// Environment for a .NET process: <c>DOTNET_PROCESSOR_COUNT</c> (cores, rounded up), no thread-pool spinning
    /// within a budget of one core or less, and <c>DOTNET_GCHeapHardLimit</c> (75 % of the memory budget, hexadecimal
    /// bytes). A zero budget sets nothing.
    /// </summary>
    public static IReadOnlyDictionary<string, string> DotNetEnvironment(ServiceBudget budget)
    {
        ArgumentNullException.ThrowIfNull(budget);
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        if (budget.Cpu > 0)
        {
            environment["DOTNET_PROCESSOR_COUNT"] = ((int)Math.Ceiling(budget.Cpu)).ToString(CultureInfo.InvariantCulture);
        }

        // An idle thread-pool worker spins before it sleeps, hoping for work from another core. Told it has one core,
        // the runtime spins by yielding the core instead, dozens of times per wait: 14 % of a proxying service's CPU under
        // load, measured with perf, time its neighbours on the same cores needed. With one core there is no other
        // core for that work to come from, so a worker sleeps at once.
        if (budget.Cpu is > 0 and <= 1)
        {
            environment["DOTNET_ThreadPool_UnfairSemaphoreSpinLimit"] = "0";
        }

        if (budget.MemoryMb > 0)
        {
            var heapBytes = (long)(budget.MemoryMb * 1024L * 1024L * HeapShare);
            environment["DOTNET_GCHeapHardLimit"] = "0x" + heapBytes.ToString("X", CultureInfo.InvariantCulture);
        }

        return environment;
    }

    /// <summary>Container runtime arguments for the budget: <c>--cpus 0.5 --memory 256m</c>. A zero budget sets nothing.</summary>
    public static IReadOnlyList<string> ContainerArguments(ServiceBudget budget)
    {
        ArgumentNullException.ThrowIfNull(budget);
        var arguments = new List<string>();
        if (budget.Cpu > 0)
        {
            arguments.AddRange(["--cpus", budget.Cpu.ToString("0.###", CultureInfo.InvariantCulture)]);
        }

        if (budget.MemoryMb > 0)
        {
            arguments.AddRange(["--memory", budget.MemoryMb.ToString(CultureInfo.InvariantCulture) + "m"]);
        }

        return arguments;
    }
}
