using System.Diagnostics;
using Aspire.Hosting;
using Aspire.Hosting.Testing;
using DeployCode.Testing;

namespace DeployCode.AppHost.Tests;

/// <summary>One platform started in process mode, shared by the functional tests of a class.</summary>
public class ProcessModePlatformFixture : IAsyncLifetime
{
    private readonly ResourceEventLog _events = new();
    private readonly OrchestratorSpans _spans = new();
    private DistributedApplication? _app;

    private readonly StateFolder _state = new();
    private readonly Dictionary<string, string> _secrets = PlatformLauncher.NewSecrets();
    private PlatformIdentity? _identity;
    private FakeAiProviders? _ai;

    public string StateDirectory => _state.Path;

    /// <summary>Settings on top of process mode, the state folder and the secrets.</summary>
    protected virtual IEnumerable<string> Settings => ["DeployCode:Telemetry:ScrapeIntervalSeconds=2", "DeployCode:Telemetry:UsageIntervalSeconds=1"];

    /// <summary>What a fixture starts before the platform, such as a local receiver its settings name.</summary>
    protected virtual Task BeforeStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Additions to the AppHost's model or configuration before it is built.</summary>
    protected virtual void Configure(IDistributedApplicationTestingBuilder builder)
    {
    }

    /// <summary>Every finished span of the orchestrator's activity source.</summary>
    public IReadOnlyList<Activity> Spans => _spans.Finished;

    public DistributedApplication App => _app ?? throw new InvalidOperationException("The platform did not start.");

    internal ResourceEventLog Events => _events;

    /// <summary>The local stand-in for the AI providers the platform's experts call.</summary>
    public FakeAiProviders Ai => _ai ?? throw new InvalidOperationException("The platform did not start.");

    /// <summary>What the platform's expert answers cost per hour before the alert fires: one priced answer passes it.</summary>
    public const decimal AiCostLimitPerHour = 0.0001m;

    /// <summary>Accounts and tokens on this platform's auth-service, made through its gateway.</summary>
    /// <summary>The platform's secrets, as given to it: none may reach a BashGod command.</summary>
    internal IReadOnlyDictionary<string, string> Secrets => _secrets;

    internal PlatformIdentity Identity => _identity ??= new PlatformIdentity(_secrets["jwt-signing-key"]);

    public async ValueTask InitializeAsync()
    {
        using var timeout = new CancellationTokenSource(PlatformLauncher.StartTimeout);
        _ai = await FakeAiProviders.StartAsync(timeout.Token);
        await BeforeStartAsync(timeout.Token);
        _app = await PlatformLauncher.BuildAsync(StateDirectory, _secrets, _events, builder =>
        {
            PlatformIdentity.LimitGateway(builder);
            Configure(builder);
        }, timeout.Token, [.. Settings, .. ExpertSettings(_ai)]);
        await PlatformLauncher.StartAsync(_app, timeout.Token);
    }

    /// <summary>
    /// The AppHost's two default experts pointed at the fake with its keys (one priced), and three more: an
    /// OpenAI-compatible server without a key, one too slow for its 2 s timeout, and one whose every answer fails.
    /// </summary>
    private static string[] ExpertSettings(FakeAiProviders ai) =>
    [
        $"DeployCode:Experts:openai:BaseUrl={ai.OpenAIBase("openai")}",
        $"DeployCode:Experts:openai:ApiKey={FakeAiProviders.OpenAIKey}",
        "DeployCode:Experts:openai:InputPricePerMillionTokens=0.15",
        "DeployCode:Experts:openai:OutputPricePerMillionTokens=0.60",
        $"DeployCode:Experts:anthropic:BaseUrl={ai.AnthropicBase}",
        $"DeployCode:Experts:anthropic:ApiKey={FakeAiProviders.AnthropicKey}",
        "DeployCode:Experts:local:Provider=openai-compatible",
        "DeployCode:Experts:local:Model=llama3.1",
        $"DeployCode:Experts:local:BaseUrl={ai.OpenAIBase("compatible")}",
        "DeployCode:Experts:slow:Provider=openai-compatible",
        "DeployCode:Experts:slow:Model=slow",
        $"DeployCode:Experts:slow:BaseUrl={ai.OpenAIBase("slow")}",
        "DeployCode:Experts:slow:TimeoutSeconds=2",
        "DeployCode:Experts:failing:Provider=openai-compatible",
        "DeployCode:Experts:failing:Model=failing",
        $"DeployCode:Experts:failing:BaseUrl={ai.OpenAIBase("failing")}",
        $"DeployCode:Alerts:AiCostPerHourUsd={AiCostLimitPerHour.ToString(System.Globalization.CultureInfo.InvariantCulture)}",
    ];

    public virtual async ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }

        _identity?.Dispose();
        if (_ai is not null)
        {
            await _ai.DisposeAsync();
        }

        _spans.Dispose();
        _events.Dispose();
        _state.Dispose();
    }
}
