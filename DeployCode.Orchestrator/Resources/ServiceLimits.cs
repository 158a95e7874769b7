using System.Globalization;
using DeployCode.Orchestrator.Configuration;

namespace DeployCode.Orchestrator.Resources;

/// <summary>
/// A component's budget made real for its process: a .NET service is told its cores and a GC heap limit,
/// and a container gets <c>--cpus</c> and <c>--memory</c>, so that a budget change takes effect on restart.
/// </summary>
public static class ServiceLimits
{
    /// <summary>Share of the memory budget given to the GC heap: the .NET runtime's own default under a container limit.</summary>
    public const double HeapShare = 0.75;

    /// <summary>
    /// Threads the pool starts with under a CPU budget. The pool starts with as many as the process has
    /// cores, one under a small budget; a blocking call (the Redis client's synchronous connect on first use,
    /// say) then holds that thread while what it waits for queues behind it, until the pool's starvation
    /// check adds another, about half a second later. Waiting threads use no CPU, so a few more cost nothing
    /// the budget limits.
    /// </summary>
    public const int MinimumPoolThreads = 4;

    /// <summary>
    /// Environment for a .NET process: <c>DOTNET_PROCESSOR_COUNT</c> (cores, rounded up), at least
    /// <see cref="MinimumPoolThreads"/> pool threads to begin with, and <c>DOTNET_GCHeapHardLimit</c> (75 % of
    /// the memory budget, hexadecimal bytes). A zero budget sets nothing.
    /// </summary>
    public static IReadOnlyDictionary<string, string> DotNetEnvironment(ServiceBudget budget)
    {
        ArgumentNullException.ThrowIfNull(budget);
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        if (budget.Cpu > 0)
        {
            var cores = (int)Math.Ceiling(budget.Cpu);
            environment["DOTNET_PROCESSOR_COUNT"] = cores.ToString(CultureInfo.InvariantCulture);
            environment["DOTNET_ThreadPool_ForceMinWorkerThreads"] = Math.Max(cores, MinimumPoolThreads).ToString(CultureInfo.InvariantCulture);
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
