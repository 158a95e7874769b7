namespace DeployCode.McpBashGod;

/// <summary>The <c>BashGod</c> section of mcp-bashgod.</summary>
public sealed class BashGodOptions
{
    /// <summary>The section the options bind to.</summary>
    public const string SectionName = "BashGod";

    /// <summary>The folder under which each user's commands get their own working folder.</summary>
    public string WorkRoot { get; set; } = "";

    /// <summary>Commands running at once, over all users; more wait a little, then are refused.</summary>
    public int MaxConcurrentCommands { get; set; } = 10;

    /// <summary>The time limit of a command unless the call asks for less.</summary>
    public int DefaultTimeoutSeconds { get; set; } = 30;

    /// <summary>The most a call may ask for.</summary>
    public int MaxTimeoutSeconds { get; set; } = 300;

    /// <summary>CPU time a command may use (RLIMIT_CPU).</summary>
    public int MaxCpuSeconds { get; set; } = 60;

    /// <summary>Address space a command may use, in MiB (RLIMIT_AS).</summary>
    public int MaxMemoryMb { get; set; } = 1024;

    /// <summary>The largest file a command may write, in MiB (RLIMIT_FSIZE).</summary>
    public int MaxFileMb { get; set; } = 100;

    /// <summary>Processes the command's user may have (RLIMIT_NPROC): a fork bomb that got through would stop there.</summary>
    public int MaxProcesses { get; set; } = 256;

    /// <summary>Output kept from each of stdout and stderr; the rest is counted and dropped.</summary>
    public int MaxOutputBytes { get; set; } = 1024 * 1024;

    /// <summary>
    /// What a command can reach: <c>none</c> (its sandbox's own loopback only) or <c>host</c> (the service's network,
    /// an operator's explicit choice: logged at start and shown on <c>/health</c>).
    /// </summary>
    public string Network { get; set; } = NetworkNone;

    /// <summary>The first of the user ids sessions get, one each (on the host when the service runs as root).</summary>
    public int FirstSessionUid { get; set; } = 200_000;

    /// <summary>The size of each command's private <c>/tmp</c>, in MiB (kept in memory).</summary>
    public int MaxTmpMb { get; set; } = 256;

    /// <summary>The value of <see cref="Network"/> that keeps commands off every network.</summary>
    public const string NetworkNone = "none";

    /// <summary>The value of <see cref="Network"/> that gives commands the service's network.</summary>
    public const string NetworkHost = "host";

    /// <summary>Every setting's problem, each naming the setting and the fix; empty when all are valid.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (Network is not (NetworkNone or NetworkHost))
        {
            problems.Add($"BashGod:Network must be '{NetworkNone}' (commands reach no network) or '{NetworkHost}' (the service's network), not '{Network}': set BashGod__Network={NetworkNone}.");
        }

        foreach (var (name, value) in new[]
        {
            (nameof(MaxConcurrentCommands), MaxConcurrentCommands), (nameof(DefaultTimeoutSeconds), DefaultTimeoutSeconds),
            (nameof(MaxTimeoutSeconds), MaxTimeoutSeconds), (nameof(MaxCpuSeconds), MaxCpuSeconds), (nameof(MaxMemoryMb), MaxMemoryMb),
            (nameof(MaxFileMb), MaxFileMb), (nameof(MaxProcesses), MaxProcesses), (nameof(MaxOutputBytes), MaxOutputBytes), (nameof(MaxTmpMb), MaxTmpMb),
        })
        {
            if (value <= 0)
            {
                problems.Add($"BashGod:{name} must be a whole number above 0, not {value}.");
            }
        }

        // Below 1000 are the system's own accounts; a session must never be one of them.
        if (FirstSessionUid is < 1000 or > int.MaxValue / 2)
        {
            problems.Add($"BashGod:FirstSessionUid must be from 1000 to {int.MaxValue / 2}, not {FirstSessionUid}: pick a range no account of this machine uses (default 200000).");
        }

        return problems;
    }
}
