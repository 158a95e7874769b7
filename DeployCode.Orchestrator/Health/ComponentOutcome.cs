namespace DeployCode.Orchestrator.Health;

/// <summary>How a component's start ended in a deployment: ready at a moment, or failed with its cause.</summary>
/// <param name="Name">The component.</param>
/// <param name="ReadyAt">The <see cref="System.Diagnostics.Stopwatch"/> timestamp it was seen ready; null when it failed.</param>
/// <param name="Failure">Why it is not running, in words a user can act on; null when it is ready.</param>
internal sealed record ComponentOutcome(string Name, long? ReadyAt, string? Failure)
{
    public bool IsReady => Failure is null;

    public static ComponentOutcome Ready(string name, long at) => new(name, at, null);

    public static ComponentOutcome Failed(string name, string cause) => new(name, null, cause);
}
