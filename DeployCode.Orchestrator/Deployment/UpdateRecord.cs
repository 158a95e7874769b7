namespace DeployCode.Orchestrator.Deployment;

/// <summary>What a change to the running deployment did: a live configuration change, a rollback, a redeploy.</summary>
/// <param name="Kind">applied, refused, rolled-back, moved, redeployed, redeploy-failed, nothing, or failed (the change broke off: its cause is the detail).</param>
/// <param name="Succeeded">Whether it ended with every service it touched healthy.</param>
/// <param name="Detail">What changed, what was refused and why, or the cause of the rollback.</param>
/// <param name="Restarted">The services restarted, in the order they were restarted.</param>
/// <param name="At">When it finished.</param>
internal sealed record UpdateRecord(string Kind, bool Succeeded, string Detail, IReadOnlyList<string> Restarted, DateTimeOffset At);
