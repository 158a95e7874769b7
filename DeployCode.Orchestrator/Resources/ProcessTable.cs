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

    /// <summary><paramref name="root"/> and every process under it; empty when it is gone.</summary>
    public IReadOnlyList<int> Tree(int root)
    {
        if (!_processes.ContainsKey(root))
        {
            return [];
        }

        var children = _processes.ToLookup(process => process.Value.ParentId, process => process.Key);
        var tree = new List<int>();
        var pending = new Stack<int>([root]);
        while (pending.TryPop(out var pid))
        {
            if (!tree.Contains(pid) && _processes.ContainsKey(pid))
            {
                tree.Add(pid);
                foreach (var child in children[pid])
                {
                    pending.Push(child);
                }
            }
        }

        return tree;
    }

    /// <summary>CPU ticks and resident bytes of <paramref name="root"/> and all its descendants; null when it is gone.</summary>
    public (long CpuTicks, long ResidentBytes)? TreeTotals(int root)
    {
        var tree = Tree(root);
        return tree.Count == 0
            ? null
            : (tree.Sum(pid => _processes[pid].CpuTicks), tree.Sum(pid => _processes[pid].ResidentBytes));
    }

    private const int ClockTicksName = 2; // _SC_CLK_TCK on Linux

    [LibraryImport("libc", SetLastError = false)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static partial long sysconf(int name);
}

/// <summary>One process: its parent, user+system CPU ticks, and resident bytes.</summary>
internal readonly record struct ProcessSample(int ParentId, long CpuTicks, long ResidentBytes);
