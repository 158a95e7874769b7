using System.Collections.Concurrent;
using System.Diagnostics;

namespace DeployCode.AppHost.Tests;

/// <summary>
/// Every span the orchestrator's activity source finishes in this process, from creation to disposal. An AppHost
/// started by a test runs in the test's process, so the traces of its deployment can be watched directly.
/// </summary>
internal sealed class OrchestratorSpans : IDisposable
{
    private readonly ConcurrentQueue<Activity> _spans = new();
    private readonly ActivityListener _listener;

    public OrchestratorSpans()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "DeployCode.Orchestrator",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = _spans.Enqueue,
        };
        ActivitySource.AddActivityListener(_listener);
    }

    /// <summary>The finished spans so far, in the order they ended.</summary>
    public IReadOnlyList<Activity> Finished => [.. _spans];

    public void Dispose() => _listener.Dispose();
}
