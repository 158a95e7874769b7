using Aspire.Hosting.ApplicationModel;

namespace DeployCode.Orchestrator.Model;

/// <summary>The states the orchestrator resource goes through, as the dashboard shows them.</summary>
internal static class DeploymentStates
{
    /// <summary>The model is built; nothing has started yet.</summary>
    public const string Starting = "Starting";

    /// <summary>The configuration is being checked against the model.</summary>
    public const string Validating = "Validating";

    /// <summary>The deployment stopped; the reason is in the log and the dashboard.</summary>
    public const string Failed = "Failed";

    /// <summary>The machine is being shared out among the components.</summary>
    public const string Allocating = "Allocating";

    /// <summary>Ports are checked and reported.</summary>
    public const string Networking = "Networking";

    /// <summary>A component the budget holds before it starts (shown on that component).</summary>
    public const string Held = "Held";

    /// <summary>Platform resources are starting in dependency order.</summary>
    public const string Deploying = "Deploying";

    /// <summary>Every phase is healthy; the endpoints are being checked.</summary>
    public const string Verifying = "Verifying";

    /// <summary>Every platform resource that runs here is healthy.</summary>
    public const string Running = "Running";

    /// <summary>A live configuration change is being applied: the services it touches restart one by one.</summary>
    public const string Updating = "Updating";

    /// <summary>Every deployed service is being restarted phase by phase (the Redeploy command).</summary>
    public const string Redeploying = "Redeploying";

    /// <summary>A failure is being rolled back: stopping, restoring the known-good configuration, restarting.</summary>
    public const string RollingBack = "Rolling back";

    /// <summary>A rollback finished; its cause is the <c>deploycode.rollback.cause</c> property.</summary>
    public const string RolledBack = "Rolled back";

    /// <summary>
    /// Running; "Running, N held" when the budget holds components back, "Running, N failed" when optional
    /// components could not start (each named with its cause in <c>deploycode.failed</c>).
    /// </summary>
    internal static ResourceStateSnapshot RunningState(int held, int failed = 0)
    {
        string[] notRunning = [.. new[] { (held, "held"), (failed, "failed") }.Where(part => part.Item1 > 0).Select(part => $"{part.Item1} {part.Item2}")];
        return notRunning.Length == 0
            ? new ResourceStateSnapshot(Running, KnownResourceStateStyles.Success)
            : new ResourceStateSnapshot($"{Running}, {string.Join(", ", notRunning)}", KnownResourceStateStyles.Warn);
    }
}
