namespace DeployCode.Orchestrator.Configuration;

/// <summary>
/// How services are watched and recovered after deployment (<c>DeployCode:Recovery</c>); the defaults are
/// the platform's figures (docs/platform.md).
/// </summary>
internal sealed record RecoveryOptions
{
    /// <summary>Health checks in a row that fail before a service's circuit opens.</summary>
    public int FailureThreshold { get; init; } = 5;

    /// <summary>How long an open circuit stays open before trial checks.</summary>
    public TimeSpan BreakDuration { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Trial checks allowed while half-open.</summary>
    public int HalfOpenTrials { get; init; } = 3;

    /// <summary>Trial checks in a row that must pass to close the circuit again.</summary>
    public int SuccessesToClose { get; init; } = 3;

    /// <summary>Restarts tried, with exponential back-off, before the service is given up on.</summary>
    public int MaxRestarts { get; init; } = 3;

    /// <summary>The first back-off delay; each retry doubles it.</summary>
    public TimeSpan BackoffBase { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest back-off delay.</summary>
    public TimeSpan BackoffCap { get; init; } = TimeSpan.FromSeconds(300);

    /// <summary>How often each running service's health is checked (detection within two of these).</summary>
    public TimeSpan ProbeInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long a component has in the deployment, once what it waits for is ready, to become ready itself;
    /// after that it counts as failed, with the state it was in.
    /// </summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(300);

    /// <summary>How long a restarted service has to become healthy before the attempt counts as failed.</summary>
    public TimeSpan HealthyWithin { get; init; } = TimeSpan.FromSeconds(60);
}
