namespace DeployCode.Orchestrator.Configuration;

/// <summary>The <c>DeployCode</c> configuration section (appsettings, environment, command line).</summary>
internal sealed class DeployCodeOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "DeployCode";

    /// <summary>
    /// <c>auto</c> (default: container mode when a container engine answers, process mode otherwise),
    /// <c>container</c> or <c>process</c>.
    /// </summary>
    public string Runtime { get; set; } = "auto";

    /// <summary>
    /// Where process-mode infrastructure keeps its data and generated configuration. Defaults to
    /// <c>/var/lib/deploy-code</c> for root and <c>$XDG_STATE_HOME/deploy-code</c> (or <c>~/.local/state/deploy-code</c>) otherwise.
    /// </summary>
    public string? StateDirectory { get; set; }

    /// <summary>GPUs on this machine: <c>auto</c> (ask <c>nvidia-smi</c>) or a count.</summary>
    public string Gpus { get; set; } = "auto";

    /// <summary>The unprivileged account PostgreSQL runs as when the AppHost runs as root.</summary>
    public string PostgresUser { get; set; } = "postgres";

    /// <summary>Ports given out when a service's platform port is taken.</summary>
    public PortRangeOptions Ports { get; set; } = new();

    /// <summary>The orchestrator's metrics endpoint, scrape interval and usage sampling.</summary>
    public TelemetryOptions Telemetry { get; set; } = new();

    /// <summary>How services are watched and recovered after deployment.</summary>
    public RecoveryOptions Recovery { get; set; } = new();

    /// <summary>The health gate and the health probe's timeout.</summary>
    public GatingOptions Gating { get; set; } = new();

    /// <summary>Where the published artifacts take the services' images from.</summary>
    public PublishingOptions Publish { get; set; } = new();
}
