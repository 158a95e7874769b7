using DeployCode.Orchestrator.Resources;

namespace DeployCode.Orchestrator.Telemetry;

/// <summary>What the orchestrator knows of one platform component, as <c>/registry</c> shows it.</summary>
internal sealed record RegistryEntry
{
    /// <summary>The resource name.</summary>
    public required string Name { get; init; }

    /// <summary>The resource type (Project, Executable, Container, …).</summary>
    public required string Type { get; init; }

    /// <summary>The deployment phase (1-based) it starts in.</summary>
    public int? Phase { get; init; }

    /// <summary>The components it waits for before it starts.</summary>
    public IReadOnlyList<string> DependsOn { get; init; } = [];

    /// <summary>Why it did not start, when it did not.</summary>
    public string? Failure { get; init; }

    /// <summary>The dashboard state: Waiting, Running, Held, Exited, ….</summary>
    public string? State { get; init; }

    /// <summary>Healthy, Degraded or Unhealthy; null while not running or without checks.</summary>
    public string? Health { get; init; }

    /// <summary>The URLs it serves.</summary>
    public IReadOnlyList<string> Endpoints { get; init; } = [];

    /// <summary>The process id while it runs as a process.</summary>
    public int? ProcessId { get; init; }

    /// <summary>The process and its descendants at the last usage sample (a <c>dotnet run</c> wrapper and the service, say).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public IReadOnlyList<int> ProcessTree { get; init; } = [];

    /// <summary>How many times it has started again after first running.</summary>
    public int Restarts { get; init; }

    /// <summary>Its circuit breaker: Closed, Open or HalfOpen (null until supervised).</summary>
    public string? Circuit { get; init; }

    /// <summary>Times its circuit has opened.</summary>
    public int CircuitOpenings { get; init; }

    /// <summary>Times the orchestrator brought it back to health after a failure.</summary>
    public int Recoveries { get; init; }

    /// <summary>Its budget: allocated CPU, memory and GPU, and the allocation status.</summary>
    public AllocationView? Allocation { get; init; }

    /// <summary>Measured CPU and memory of its processes.</summary>
    public UsageView? Usage { get; init; }

    /// <summary>A scaling suggestion when use runs over the allocation.</summary>
    public string? Suggestion { get; init; }
}
