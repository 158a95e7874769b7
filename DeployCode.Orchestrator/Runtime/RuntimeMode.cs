namespace DeployCode.Orchestrator.Runtime;

/// <summary>How the infrastructure (PostgreSQL, Redis, monitoring) runs on this machine.</summary>
internal enum RuntimeMode
{
    /// <summary>Official container images, through Docker or Podman.</summary>
    Container,

    /// <summary>Locally installed binaries as Aspire executables; no container engine needed.</summary>
    Process,
}
