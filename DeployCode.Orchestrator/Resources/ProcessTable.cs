using System.Globalization;
using System.Runtime.InteropServices;

namespace DeployCode.Orchestrator.Resources;

/// <summary>
/// A snapshot of <c>/proc</c>: each process's parent, CPU time and resident memory, so that a component's use
/// counts every process it runs (PostgreSQL's backends, a <c>setpriv</c> wrapper's child).
/// </summary>
internal sealed partial class ProcessTable
{
    private readonly Dictionary<int, ProcessSample> _processes;

    private ProcessTable(Dictionary<int, ProcessSample> processes) => _processes = processes;

    /// <summary>Clock ticks per second of the CPU times in <c>/proc/PID/stat</c>.</summary>
    public static long TicksPerSecond { get; } = OperatingSystem.IsLinux() && sysconf(ClockTicksName) is > 0 and var ticks ? ticks : 100;

    /// <summary>Reads every process under <paramref name="procRoot"/>; processes that vanish meanwhile are skipped.</summary>
    public static ProcessTable Read(string procRoot = "/proc")
    {
        var processes = new Dictionary<int, ProcessSample>();
        foreach (var directory in Directory.EnumerateDirectories(procRoot))
        {
            if (!int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            try
            {
                if (Parse(File.ReadAllText(Path.Combine(directory, "stat"))) is { } sample)
                {
                    processes[pid] = sample;
                }
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }

        return new ProcessTable(processes);
    }

    /// <summary>Parses one <c>/proc/PID/stat</c> line; the command name may hold spaces and parentheses.</summary>
    internal static ProcessSample? Parse(string stat)
    {
        var afterName = stat.LastIndexOf(')');
        if (afterName < 0)
        {
            return null;
        }

        // Fields after the name, starting at field 3 (state): ppid is field 4, utime 14, stime 15, rss 24 (pages).
        var fields = stat[(afterName + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length < 22)
        {
            return null;
        }

        static long Field(string[] fields, int number) => long.Parse(fields[number - 3], NumberStyles.Integer, CultureInfo.InvariantCulture);
        return new ProcessSample((int)Field(fields, 4), Field(fields, 14) + Field(fields, 15), Field(fields, 24) * Environment.SystemPageSize);
    }

    /// <summary>CPU ticks and resident bytes of <paramref name="root"/> and all its descendants; null when it is gone.</summary>
    public (long CpuTicks, long ResidentBytes)? TreeTotals(int root)
    {
        if (!_processes.ContainsKey(root))
        {
            return null;
        }

        var children = _processes.ToLookup(process => process.Value.ParentId, process => process.Key);
        long ticks = 0, resident = 0;
        var pending = new Stack<int>([root]);
        var seen = new HashSet<int>();
        while (pending.TryPop(out var pid))
        {
            if (!seen.Add(pid) || !_processes.TryGetValue(pid, out var sample))
            {
                continue;
            }

            ticks += sample.CpuTicks;
            resident += sample.ResidentBytes;
            foreach (var child in children[pid])
            {
                pending.Push(child);
            }
        }

        return (ticks, resident);
    }

    private const int ClockTicksName = 2; // _SC_CLK_TCK on Linux

    [LibraryImport("libc", SetLastError = false)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static partial long sysconf(int name);
}

/// <summary>One process: its parent, user+system CPU ticks, and resident bytes.</summary>
internal readonly record struct ProcessSample(int ParentId, long CpuTicks, long ResidentBytes);
