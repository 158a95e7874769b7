using System.Diagnostics;
using DeployCode.Orchestrator.Gating;

namespace DeployCode.Orchestrator.Telemetry;

/// <summary>
/// One trace per operation of the deployment engine: a root span (<c>deploy &lt;platform&gt;</c>, <c>redeploy
/// &lt;platform&gt;</c>, …), a span per step (validate, plan, allocate, network, each restart), per phase, and per
/// service start with its health-gate wait inside. Service spans are written once their times are
/// known, so they carry the measured start and end rather than the moment they were recorded. No span is
/// left as <see cref="Activity.Current"/>: the AppHost's own work must not join the deployment's trace.
/// </summary>
internal sealed class DeploymentTrace
{
    private readonly Activity? _root;
    private readonly DateTimeOffset _originTime = DateTimeOffset.UtcNow;
    private readonly long _originTimestamp = Stopwatch.GetTimestamp();

    private DeploymentTrace(Activity? root) => _root = root;

    /// <summary>The trace id, when someone listens to the orchestrator's activity source.</summary>
    public string? TraceId => _root?.TraceId.ToHexString();

    /// <summary>Begins the trace of one <paramref name="operation"/> on <paramref name="platform"/>: its root span, <c>&lt;operation&gt; &lt;platform&gt;</c>.</summary>
    public static DeploymentTrace Start(string operation, string orchestratorName, string runtime, string platform) =>
        new(Detached(() => DeploymentActivities.Source.StartActivity($"{operation} {platform}", ActivityKind.Internal, parentContext: default,
            tags: [new("deploycode.orchestrator", orchestratorName), new("deploycode.runtime", runtime)])));

    /// <summary>A step of the deployment, ended by disposing it.</summary>
    public Span Step(string name) => new(Child(name, start: null));

    /// <summary>A phase, from <paramref name="started"/> to now.</summary>
    public Activity? Phase(int phase, int phases, IReadOnlyList<string> services, long started)
    {
        var span = Child($"phase {phase}/{phases}", At(started));
        span?.SetTag("deploycode.phase", phase);
        span?.SetTag("deploycode.services", string.Join(",", services));
        return span;
    }

    /// <summary>One service start inside its phase: from <paramref name="started"/> to <paramref name="ready"/>, with the gate's wait.</summary>
    public void Service(Activity? phase, string service, long started, long ready, GateRecord? gate)
    {
        if (phase is null)
        {
            return;
        }

        var span = Detached(() => DeploymentActivities.Source.StartActivity($"start {service}", ActivityKind.Internal, phase.Context,
            tags: [new("deploycode.service", service)], startTime: At(Math.Min(started, gate?.WaitStarted ?? started))));
        if (span is null)
        {
            return;
        }

        if (gate is not null)
        {
            var wait = Detached(() => DeploymentActivities.Source.StartActivity("health gate", ActivityKind.Internal, span.Context,
                tags:
                [
                    new("deploycode.dependencies", string.Join(",", gate.Dependencies)),
                    new("deploycode.gate.latency_ms", Math.Round(gate.Latency.TotalMilliseconds, 1)),
                ],
                startTime: At(gate.WaitStarted)));
            End(wait, gate.Released);
        }

        End(span, ready);
    }

    /// <summary>A service of the phase that did not start: its span ends now, in error, with the cause.</summary>
    public void ServiceFailed(Activity? phase, string service, long started, string cause)
    {
        if (phase is null)
        {
            return;
        }

        var span = Detached(() => DeploymentActivities.Source.StartActivity($"start {service}", ActivityKind.Internal, phase.Context,
            tags: [new("deploycode.service", service)], startTime: At(started)));
        span?.SetStatus(ActivityStatusCode.Error, cause);
        End(span, Stopwatch.GetTimestamp());
    }

    /// <summary>Ends a span at a measured time.</summary>
    public void End(Activity? span, long at)
    {
        if (span is null)
        {
            return;
        }

        span.SetEndTime(At(at).UtcDateTime);
        Detached(() => { span.Stop(); return span; });
    }

    /// <summary>
    /// Ends the trace: <paramref name="outcome"/> is the state the orchestrator was left in (Running, Failed, …),
    /// <paramref name="error"/> the cause when it did not succeed, <paramref name="record"/> what it did.
    /// </summary>
    public void Finish(string outcome, string? error = null, string? record = null)
    {
        if (_root is null)
        {
            return;
        }

        _root.SetTag("deploycode.outcome", outcome);
        if (record is not null)
        {
            _root.SetTag("deploycode.record", record);
        }

        if (error is not null)
        {
            _root.SetStatus(ActivityStatusCode.Error, error);
        }

        Detached(() => { _root.Stop(); return _root; });
    }

    private Activity? Child(string name, DateTimeOffset? start) => _root is null
        ? null
        : Detached(() => DeploymentActivities.Source.StartActivity(name, ActivityKind.Internal, _root.Context, startTime: start ?? default));

    private DateTimeOffset At(long timestamp) => _originTime + Stopwatch.GetElapsedTime(_originTimestamp, timestamp);

    private static Activity? Detached(Func<Activity?> create)
    {
        var current = Activity.Current;
        try
        {
            return create();
        }
        finally
        {
            Activity.Current = current;
        }
    }

    /// <summary>A step span that ends when disposed, without becoming ambient.</summary>
    internal readonly struct Span(Activity? activity) : IDisposable
    {
        public void Fail(string error) => activity?.SetStatus(ActivityStatusCode.Error, error);

        public void Dispose()
        {
            var span = activity;
            Detached(() => { span?.Stop(); return span; });
        }
    }
}
