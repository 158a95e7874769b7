using System.Collections.Concurrent;
using System.Diagnostics;
using Aspire.Hosting;
using Aspire.Hosting.Testing;

namespace DeployCode.AppHost.Tests;

/// <summary>One platform started in process mode, shared by the functional tests of a class.</summary>
public class ProcessModePlatformFixture : IAsyncLifetime
{
    private readonly ResourceEventLog _events = new();
    private readonly ConcurrentQueue<Activity> _spans = new();
    private readonly ActivityListener _listener;
    private DistributedApplication? _app;

    private readonly StateFolder _state = new();
    private readonly Dictionary<string, string> _secrets = PlatformLauncher.NewSecrets();
    private PlatformIdentity? _identity;

    public ProcessModePlatformFixture()
    {
        // The AppHost runs in this process: the orchestrator's deployment trace can be watched here directly.
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "DeployCode.Orchestrator",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = _spans.Enqueue,
        };
        ActivitySource.AddActivityListener(_listener);
    }

    public string StateDirectory => _state.Path;

    /// <summary>Settings on top of process mode, the state folder and the secrets.</summary>
    protected virtual IEnumerable<string> Settings => ["DeployCode:Telemetry:ScrapeIntervalSeconds=2", "DeployCode:Telemetry:UsageIntervalSeconds=1"];

    /// <summary>Additions to the AppHost's model or configuration before it is built.</summary>
    protected virtual void Configure(IDistributedApplicationTestingBuilder builder)
    {
    }

    /// <summary>Every finished span of the orchestrator's activity source.</summary>
    public IReadOnlyList<Activity> Spans => [.. _spans];

    public DistributedApplication App => _app ?? throw new InvalidOperationException("The platform did not start.");

    internal ResourceEventLog Events => _events;

    /// <summary>Accounts and tokens on this platform's auth-service, made through its gateway.</summary>
    internal PlatformIdentity Identity => _identity ??= new PlatformIdentity(_secrets["jwt-signing-key"]);

    public async ValueTask InitializeAsync()
    {
        using var timeout = new CancellationTokenSource(PlatformLauncher.StartTimeout);
        _app = await PlatformLauncher.BuildAsync(StateDirectory, _secrets, _events, builder =>
        {
            PlatformIdentity.LimitGateway(builder);
            Configure(builder);
        }, timeout.Token, [.. Settings]);
        await PlatformLauncher.StartAsync(_app, timeout.Token);
    }

    public virtual async ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }

        _identity?.Dispose();
        _listener.Dispose();
        _events.Dispose();
        _state.Dispose();
    }
}
