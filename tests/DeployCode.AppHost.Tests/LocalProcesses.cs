using System.Globalization;

namespace DeployCode.AppHost.Tests;

/// <summary>What runs on this machine, read from <c>/proc</c>: the processes a platform run left behind.</summary>
internal static class LocalProcesses
{
    /// <summary>Live (non-zombie) processes among <paramref name="pids"/> or whose command line mentions <paramref name="marker"/>.</summary>
    public static IReadOnlyList<string> Find(IEnumerable<int> pids, string marker)
    {
        var wanted = pids.ToHashSet();
        var found = new List<string>();
        foreach (var folder in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(folder), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) || pid == Environment.ProcessId)
            {
                continue;
            }

            try
            {
                var commandLine = File.ReadAllText(Path.Combine(folder, "cmdline")).Replace('\0', ' ').Trim();
                var stat = File.ReadAllText(Path.Combine(folder, "stat"));
                var zombie = stat[(stat.LastIndexOf(')') + 2)..].StartsWith('Z');
                if (!zombie && (wanted.Contains(pid) || commandLine.Contains(marker, StringComparison.Ordinal)))
                {
                    found.Add($"{pid} {commandLine}");
                }
            }
            catch (IOException)
            {
                // The process ended while it was being read.
            }
        }

        return found;
    }

    /// <summary><paramref name="roots"/> and every process below them (a project runs as <c>dotnet run</c> and its child).</summary>
    public static IReadOnlyList<int> WithDescendants(IEnumerable<int> roots)
    {
        var parents = new Dictionary<int, int>();
        foreach (var folder in Directory.EnumerateDirectories("/proc"))
        {
            try
            {
                if (int.TryParse(Path.GetFileName(folder), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
                {
                    var stat = File.ReadAllText(Path.Combine(folder, "stat"));
                    var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                    parents[pid] = int.Parse(fields[1], CultureInfo.InvariantCulture);
                }
            }
            catch (IOException)
            {
                // The process ended while it was being read.
            }
        }

        var all = roots.ToHashSet();
        for (var grew = true; grew;)
        {
            var children = parents.Where(entry => all.Contains(entry.Value) && !all.Contains(entry.Key)).Select(entry => entry.Key).ToArray();
            all.UnionWith(children);
            grew = children.Length > 0;
        }

        return [.. all];
    }

    /// <summary>Polls until nothing is found or <paramref name="timeout"/> passes; returns what is still there.</summary>
    public static async Task<IReadOnlyList<string>> WaitUntilGoneAsync(IEnumerable<int> pids, string marker, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        var pidList = pids.ToArray();
        while (true)
        {
            var left = Find(pidList, marker);
            if (left.Count == 0 || DateTime.UtcNow > deadline)
            {
                return left;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250), cancellationToken);
        }
    }
}
