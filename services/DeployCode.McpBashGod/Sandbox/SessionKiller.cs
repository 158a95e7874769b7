using System.Globalization;
using System.Runtime.InteropServices;

namespace DeployCode.McpBashGod.Sandbox;

/// <summary>
/// Ends every process of a command's session. The command runs under <c>setsid</c>, so its first process leads a new
/// session and process group; a signal to the group reaches everything that stayed in it, and a sweep of
/// <c>/proc</c> then finds anything of the session that moved to another group (<c>set -m</c>, a nested
/// <c>setsid -f</c> keeps the session only if it does not create its own) and kills it too, until none is left.
/// </summary>
internal static partial class SessionKiller
{
    private const int SigKill = 9;

    /// <summary>Kills the group and session led by <paramref name="leader"/> and waits until none of it runs.</summary>
    /// <returns>The processes of the session still there after <paramref name="patience"/> (none, normally).</returns>
    public static async Task<IReadOnlyList<int>> KillAsync(int leader, TimeSpan patience)
    {
        _ = Kill(-leader, SigKill);
        var deadline = DateTime.UtcNow + patience;
        while (true)
        {
            var left = Members(leader);
            foreach (var pid in left)
            {
                _ = Kill(pid, SigKill);
            }

            if (left.Count == 0 || DateTime.UtcNow > deadline)
            {
                return left;
            }

            await Task.Delay(20);
        }
    }

    /// <summary>Live processes (not zombies) whose session or process group is <paramref name="leader"/>'s.</summary>
    public static IReadOnlyList<int> Members(int leader)
    {
        var members = new List<int>();
        foreach (var folder in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(folder), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            string stat;
            try
            {
                stat = File.ReadAllText(Path.Combine(folder, "stat"));
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                continue; // gone meanwhile
            }

            // pid (comm) state ppid pgrp session ...: the name may hold spaces and parentheses, so read after the last ')'.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            if (fields.Length > 3 && fields[0] != "Z" && (fields[2] == leader.ToString(CultureInfo.InvariantCulture) || fields[3] == leader.ToString(CultureInfo.InvariantCulture)))
            {
                members.Add(pid);
            }
        }

        return members;
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
