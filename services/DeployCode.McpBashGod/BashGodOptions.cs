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

    /// <summary>The unprivileged account commands run as when the service runs as root.</summary>
    public string RunAs { get; set; } = "nobody";
}
