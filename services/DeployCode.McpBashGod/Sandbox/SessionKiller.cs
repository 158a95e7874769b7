using System.Globalization;
using System.Runtime.InteropServices;

namespace DeployCode.McpBashGod.Sandbox;

/// <summary>
/// Ends everything a command started. The command runs under <c>setsid</c>, so its first process leads a new session
/// and process group; a signal to the group reaches all that stayed in it. A sweep of <c>/proc</c> then kills what
/// got away while its parent still lived: processes of the session that moved to another group (<c>set -m</c>) and
/// descendants that started a session of their own (<c>setsid</c>), until none is left.
/// </summary>
internal static partial class SessionKiller
{
    private const int SigKill = 9;

    /// <summary>Kills the session, group and descendants of <paramref name="leader"/> and waits until none runs.</summary>
    /// <returns>Those still there after <paramref name="patience"/> (none, normally).</returns>
    public static async Task<IReadOnlyList<int>> KillAsync(int leader, TimeSpan patience)
    {
        // The family is read before the first signal: once a parent dies, its children belong to init. Each is known
        // by its pid and start time, so that a pid the kernel hands to a newcomer meanwhile is never signalled.
        var family = Members(leader);
        _ = Kill(-leader, SigKill);
        var deadline = DateTime.UtcNow + patience;
        while (true)
        {
            foreach (var pid in family.Keys)
            {
                _ = Kill(pid, SigKill);
            }

            var left = Members(leader);
            foreach (var (pid, started) in family.Where(member => Read(member.Key)?.Started == member.Value))
            {
                left[pid] = started;
            }

            if (left.Count == 0 || DateTime.UtcNow > deadline)
            {
                return [.. left.Keys];
            }

            family = left;
            await Task.Delay(20);
        }
    }

    /// <summary>
    /// Live processes (not zombies) of <paramref name="leader"/>'s session or group, and its descendants, each with
    /// its start time; the leader itself is left to its own waiter.
    /// </summary>
    public static Dictionary<int, long> Members(int leader)
    {
        var processes = Snapshot();
        var members = processes.Where(entry => entry.Value.Session == leader || entry.Value.Group == leader).Select(entry => entry.Key).ToHashSet();
        var children = processes.ToLookup(entry => entry.Value.Parent, entry => entry.Key);
        var pending = new Queue<int>([leader]);
        while (pending.TryDequeue(out var parent))
        {
            foreach (var child in children[parent].Where(members.Add))
            {
                pending.Enqueue(child);
            }
        }

        members.Remove(leader);
        return members.ToDictionary(pid => pid, pid => processes[pid].Started);
    }

    /// <summary>Every live process: parent, group, session and start time, from <c>/proc/&lt;pid&gt;/stat</c>.</summary>
    private static Dictionary<int, Stat> Snapshot()
    {
        var processes = new Dictionary<int, Stat>();
        foreach (var folder in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(folder), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && Read(pid) is { } entry)
            {
                processes[pid] = entry;
            }
        }

        return processes;
    }

    private static Stat? Read(int pid)
    {
        string stat;
        try
        {
            stat = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return null; // gone meanwhile
        }

        // pid (comm) state ppid pgrp session … starttime (the 22nd field): the name may hold spaces and parentheses,
        // so the fields are read after the last ')', where the state is the 3rd.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return fields.Length > 19 && fields[0] != "Z"
            ? new Stat(Number(fields[1]), Number(fields[2]), Number(fields[3]), long.Parse(fields[19], CultureInfo.InvariantCulture))
            : null;
    }

    private static int Number(string field) => int.Parse(field, CultureInfo.InvariantCulture);

    private sealed record Stat(int Parent, int Group, int Session, long Started);

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
