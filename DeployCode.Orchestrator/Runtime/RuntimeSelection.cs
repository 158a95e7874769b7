namespace DeployCode.Orchestrator.Runtime;

/// <summary>The run mode chosen for this run, the container engine it uses, and why.</summary>
/// <param name="Mode">The chosen mode.</param>
/// <param name="Engine">The container engine's CLI (<c>docker</c> or <c>podman</c>) in container mode; <see langword="null"/> in process mode.</param>
/// <param name="Reason">One sentence a user can act on: what was asked and what the probe saw.</param>
internal sealed record RuntimeSelection(RuntimeMode Mode, string? Engine, string Reason)
{
    /// <summary>The mode as shown in the dashboard and logs.</summary>
    public string ModeName => Mode == RuntimeMode.Container ? "container" : "process";

    /// <summary>
    /// In container mode, this machine's address on the engine's default bridge (<c>172.17.0.1</c> on a stock
    /// Docker): containers reach the host's services there as <c>host.docker.internal</c>, so the services listen
    /// on it as well as on loopback. <see langword="null"/> when the engine did not tell it, or outside container mode.
    /// </summary>
    public string? HostAddress { get; init; }
}
