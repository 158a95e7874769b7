namespace DeployCode.McpBashGod.Validation;

/// <summary>How dangerous a command line is, from harmless to never allowed.</summary>
public enum CommandRisk
{
    /// <summary>Reads or prints, nothing more.</summary>
    Safe,

    /// <summary>Changes files in the work folder in ordinary ways.</summary>
    Low,

    /// <summary>Deletes, overwrites, runs builds or reaches the network.</summary>
    Medium,

    /// <summary>Could do real harm or is not vetted: runs only with an explicit confirmation.</summary>
    High,

    /// <summary>Never runs: destroys the system, escalates privileges, leaks secrets, opens a shell to the outside, or hides what it is.</summary>
    Critical,
}

/// <summary>The validator's answer: whether the command may run as asked, its risk, and every reason found.</summary>
public sealed record CommandVerdict(bool Allowed, CommandRisk Risk, IReadOnlyList<string> Reasons)
{
    /// <summary>High risk, not confirmed: it would run with <c>confirm: true</c>.</summary>
    public bool NeedsConfirmation => !Allowed && Risk == CommandRisk.High;
}
