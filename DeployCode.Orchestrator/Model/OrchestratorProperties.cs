using Aspire.Hosting.ApplicationModel;

namespace DeployCode.Orchestrator.Model;

/// <summary>Names of the properties the orchestrator resource shows in the dashboard.</summary>
internal static class OrchestratorProperties
{
    /// <summary>The run mode: <c>container</c> or <c>process</c>.</summary>
    public const string Runtime = "deploycode.runtime";

    /// <summary>Why that mode was chosen.</summary>
    public const string RuntimeReason = "deploycode.runtime.reason";

    /// <summary>Where process-mode infrastructure keeps its data.</summary>
    public const string StateDirectory = "deploycode.state-directory";

    /// <summary>GPUs on this machine.</summary>
    public const string HostGpus = "deploycode.host-gpus";

    /// <summary>Services moved off their platform port, as <c>name 8000→30000</c>.</summary>
    public const string PortReassignments = "deploycode.port-reassignments";

    /// <summary>The deployment phases, in one line.</summary>
    public const string Plan = "deploycode.plan";

    /// <summary>CPU and memory allocated against what the platform may use.</summary>
    public const string Budget = "deploycode.budget";

    /// <summary>Components held by the budget, with their shortfalls.</summary>
    public const string Held = "deploycode.held";

    /// <summary>On a held component: why.</summary>
    public const string HeldReason = "deploycode.held.reason";

    /// <summary>What verification checked, and what it skipped.</summary>
    public const string Verification = "deploycode.verification";

    /// <summary>On the orchestrator: why the deployment failed. On a component: why it is not running.</summary>
    public const string FailureReason = "deploycode.failure";

    /// <summary>On the orchestrator: the components that could not start, each with its cause.</summary>
    public const string Failed = "deploycode.failed";

    /// <summary>Seconds from the start of the run until every platform resource was healthy.</summary>
    public const string HealthyAfterSeconds = "deploycode.healthy-after-seconds";

    /// <summary>On a service: measured CPU and memory against its budget.</summary>
    public const string Usage = "deploycode.usage";

    /// <summary>On a service: what to scale when it runs over its budget, or none.</summary>
    public const string Suggestion = "deploycode.suggestion";

    /// <summary>On the orchestrator: where /metrics and /registry are served.</summary>
    public const string TelemetryEndpoint = "deploycode.telemetry";

    /// <summary>On the orchestrator: the id of the deployment's trace.</summary>
    public const string TraceId = "deploycode.trace-id";

    /// <summary>On a service: its circuit breaker (Closed, Open, HalfOpen).</summary>
    public const string Circuit = "deploycode.circuit";

    /// <summary>The last live configuration change, rollback or redeploy, and what it did.</summary>
    public const string LastUpdate = "deploycode.last-update";

    /// <summary>Why the platform was rolled back.</summary>
    public const string RollbackCause = "deploycode.rollback.cause";

    // What a person reads in the dashboard's detail pane, shown without "Show all" and in this order; the rest keep
    // their raw names there. Aspire 13.5 and later show a property's display name and order (ResourcePropertySnapshot).
    private static readonly Dictionary<string, (string DisplayName, int Order, bool Highlighted)> s_readable = new(StringComparer.Ordinal)
    {
        [Runtime] = ("Runtime", 10, true),
        [Plan] = ("Plan (phases)", 20, true),
        [Budget] = ("Budget", 30, true),
        [Held] = ("Held by the budget", 40, true),
        [Verification] = ("Verification", 50, true),
        [HealthyAfterSeconds] = ("Healthy after (s)", 60, true),
        [Failed] = ("Components that did not start", 70, true),
        [FailureReason] = ("Failure", 80, true),
        [LastUpdate] = ("Last update", 90, true),
        [RollbackCause] = ("Rollback cause", 100, true),
        [TelemetryEndpoint] = ("Metrics endpoint", 110, true),
        [TraceId] = ("Deployment trace id", 120, true),
        [HeldReason] = ("Held because", 130, true),
        [Usage] = ("Use against budget", 140, true),
        [Suggestion] = ("Scaling suggestion", 150, true),
        [Circuit] = ("Circuit breaker", 160, true),
        [RuntimeReason] = ("Why this runtime", 200, false),
        [PortReassignments] = ("Ports moved", 210, false),
        [StateDirectory] = ("State folder", 220, false),
        [HostGpus] = ("GPUs on this machine", 230, false),
    };

    /// <summary>The dashboard property <paramref name="name"/> = <paramref name="value"/>, with its readable name and order when it has one.</summary>
    public static ResourcePropertySnapshot Create(string name, object value) =>
        s_readable.TryGetValue(name, out var readable)
            ? new ResourcePropertySnapshot(name, value) { DisplayName = readable.DisplayName, SortOrder = readable.Order, IsHighlighted = readable.Highlighted }
            : new ResourcePropertySnapshot(name, value);
}
