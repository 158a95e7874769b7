namespace DeployCode.Orchestrator.Deployment;

/// <summary>What an operation of the engine did: the first deployment, a live configuration change, a rollback, a redeploy, a move to a replica.</summary>
/// <param name="Kind">One of <see cref="UpdateKinds"/>.</param>
/// <param name="Succeeded">Whether it ended with every service it touched healthy.</param>
/// <param name="Detail">What changed, what was refused and why, or the cause of the rollback or the failure.</param>
/// <param name="Restarted">The services restarted, in the order they were restarted.</param>
/// <param name="At">When it finished.</param>
internal sealed record UpdateRecord(string Kind, bool Succeeded, string Detail, IReadOnlyList<string> Restarted, DateTimeOffset At);
