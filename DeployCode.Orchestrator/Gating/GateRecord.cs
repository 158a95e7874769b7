namespace DeployCode.Orchestrator.Gating;

/// <summary>
/// One dependent let through the gate. Times are <see cref="System.Diagnostics.Stopwatch"/> timestamps.
/// </summary>
/// <param name="ResourceName">The dependent.</param>
/// <param name="Dependencies">What it waited for.</param>
/// <param name="WaitStarted">When Aspire put it in Waiting.</param>
/// <param name="DependenciesReady">When the last of its dependencies was seen ready.</param>
/// <param name="Released">When the gate moved it on to Starting.</param>
internal sealed record GateRecord(string ResourceName, IReadOnlyList<string> Dependencies, long WaitStarted, long DependenciesReady, long Released)
{
    /// <summary>Time spent waiting for the dependencies.</summary>
    public TimeSpan Waited => System.Diagnostics.Stopwatch.GetElapsedTime(WaitStarted, DependenciesReady);

    /// <summary>Time from the last dependency ready to the release: the gate's own latency.</summary>
    public TimeSpan Latency => System.Diagnostics.Stopwatch.GetElapsedTime(DependenciesReady, Released);
}
