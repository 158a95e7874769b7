namespace DeployCode.Orchestrator.Publishing;

// The part of the Compose Specification the platform uses, as YamlDotNet writes it (snake_case, nulls and
// empty collections left out, dictionaries sorted so that two publishes give the same bytes).

/// <summary>A <c>docker-compose.yaml</c>.</summary>
internal sealed class ComposeFile
{
    public SortedDictionary<string, ComposeService> Services { get; } = new(StringComparer.Ordinal);

    public SortedDictionary<string, ComposeNetwork> Networks { get; } = new(StringComparer.Ordinal);

    public SortedDictionary<string, ComposeVolume> Volumes { get; } = new(StringComparer.Ordinal);
}

/// <summary>One service of the file.</summary>
internal sealed class ComposeService
{
    public string? Image { get; set; }

    public List<string>? Entrypoint { get; set; }

    public List<string> Command { get; } = [];

    public SortedDictionary<string, string> Environment { get; } = new(StringComparer.Ordinal);

    public List<string> Ports { get; } = [];

    public SortedDictionary<string, ComposeDependency> DependsOn { get; } = new(StringComparer.Ordinal);

    public ComposeHealthcheck? Healthcheck { get; set; }

    public string? Restart { get; set; }

    public List<string> CapDrop { get; } = [];

    public List<string> SecurityOpt { get; } = [];

    public List<string> Volumes { get; } = [];

    public List<string> Networks { get; } = [];

    public ComposeDeploy? Deploy { get; set; }
}

/// <summary><c>depends_on</c> with its condition.</summary>
internal sealed class ComposeDependency
{
    public string? Condition { get; set; }
}

/// <summary>A health check run inside the container.</summary>
internal sealed class ComposeHealthcheck
{
    public List<string> Test { get; } = [];

    public string? Interval { get; set; }

    public string? Timeout { get; set; }

    public int? Retries { get; set; }

    public string? StartPeriod { get; set; }
}

/// <summary><c>deploy</c>: replicas and resources.</summary>
internal sealed class ComposeDeploy
{
    public int? Replicas { get; set; }

    public ComposeResources? Resources { get; set; }
}

/// <summary>Limits and reservations.</summary>
internal sealed class ComposeResources
{
    public ComposeResourceAmounts? Limits { get; set; }

    public ComposeResourceAmounts? Reservations { get; set; }
}

/// <summary>CPUs, memory and devices.</summary>
internal sealed class ComposeResourceAmounts
{
    public string? Cpus { get; set; }

    public string? Memory { get; set; }

    public List<ComposeDevice> Devices { get; } = [];
}

/// <summary>A device reservation (GPUs).</summary>
internal sealed class ComposeDevice
{
    public string? Driver { get; set; }

    public int? Count { get; set; }

    public List<string> Capabilities { get; } = [];
}

/// <summary>A network of the file.</summary>
internal sealed class ComposeNetwork
{
    public string? Driver { get; set; }

    public ComposeIpam? Ipam { get; set; }
}

/// <summary>The network's address plan.</summary>
internal sealed class ComposeIpam
{
    public List<ComposeSubnet> Config { get; } = [];
}

/// <summary>One subnet.</summary>
internal sealed class ComposeSubnet
{
    public string? Subnet { get; set; }
}

/// <summary>A named volume of the file.</summary>
internal sealed class ComposeVolume
{
    public string? Driver { get; set; }
}
