namespace DeployCode.Orchestrator.Telemetry;

/// <summary>Something the deployment or the supervisor did, as the registry and the status page show it.</summary>
/// <param name="At">When it happened.</param>
/// <param name="Source"><see cref="Deployment"/> for an operation of the engine, <see cref="Recovery"/> for the supervisor.</param>
/// <param name="Kind">What it was: deployed, applied, rolled-back, …; detected, restarting, recovered, circuit, ….</param>
/// <param name="Component">The component it concerns; null for the whole platform.</param>
/// <param name="Detail">What it did, or why.</param>
/// <param name="Succeeded">Whether it ended well; null for a step that is neither.</param>
internal sealed record RegistryEvent(DateTimeOffset At, string Source, string Kind, string? Component, string Detail, bool? Succeeded)
{
    /// <summary>The source of an operation of the deployment engine.</summary>
    public const string Deployment = "deployment";

    /// <summary>The source of an event of the supervisor.</summary>
    public const string Recovery = "recovery";
}
