namespace DeployCode.Orchestrator.Recovery;

/// <summary>What happened to a service after deployment, for the log, the registry and the tests.</summary>
/// <param name="Service">The service.</param>
/// <param name="Kind">detected, restarting, recovered, gave-up, circuit.</param>
/// <param name="Detail">The reason, the attempt, or the circuit transition.</param>
/// <param name="At">When it happened.</param>
internal sealed record RecoveryEvent(string Service, string Kind, string Detail, DateTimeOffset At);
