using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;

namespace DeployCode.AppHost.Tests;

/// <summary>
/// One platform started in container mode on the machine's Docker engine, with the images <c>./deploy-code images</c>
/// builds (PostgreSQL, Redis, Prometheus; Grafana's and Jaeger's cannot be built here). It can be restarted on the
/// same state folder and secrets; its volumes are removed at the end.
/// </summary>
public sealed class ContainerModePlatformFixture : IAsyncLifetime
{
    private readonly StateFolder _state = new();
    private readonly Dictionary<string, string> _secrets = PlatformLauncher.NewSecrets();
    private ResourceEventLog _events = new();
    private DistributedApplication? _app;

    /// <summary>Where Grafana's and Jaeger's images are looked for: a registry that never answers, on any machine.</summary>
    public const string UnreachableRegistry = "localhost:1/deploycode-tests";

    /// <summary>
    /// The settings the platform runs with: container mode, one GPU (which circle-of-experts is handed), and Grafana's
    /// and Jaeger's images from a registry that does not answer, as Docker Hub does not here.
    /// </summary>
    private static readonly string[] s_settings =
    [
        "DeployCode:Runtime=container", "DeployCode:Gpus=1", "DeployCode:Telemetry:ScrapeIntervalSeconds=2",
        $"DeployCode:Services:grafana:Image={UnreachableRegistry}/grafana/grafana:12.1.1",
        $"DeployCode:Services:jaeger:Image={UnreachableRegistry}/jaegertracing/jaeger:2.10.0",
    ];

    public DistributedApplication App => _app ?? throw new InvalidOperationException("The platform did not start.");

    internal ResourceEventLog Events => _events;

    /// <summary>The orchestrator's state once the deployment settled, as first seen.</summary>
    public ResourceEvent Deployed { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        using var timeout = new CancellationTokenSource(PlatformLauncher.StartTimeout);
        await ContainerEngine.RequireAsync(timeout.Token);
        await StartAsync(timeout.Token);
    }

    /// <summary>Stops the AppHost (DCP removes the containers, the volumes stay) and starts it again.</summary>
    public async Task RestartAsync(CancellationToken cancellationToken)
    {
        await App.DisposeAsync();
        _app = null;
        _events.Dispose();
        _events = new ResourceEventLog();
        await StartAsync(cancellationToken);
    }

    private async Task StartAsync(CancellationToken cancellationToken)
    {
        _app = await PlatformLauncher.BuildAsync(_state.Path, _secrets, _events, PlatformIdentity.LimitGateway, cancellationToken, s_settings);
        await _app.StartAsync(cancellationToken).WaitAsync(PlatformLauncher.StartTimeout, cancellationToken);
        // Not every component becomes healthy here: the deployment settles instead, naming what did not start.
        Deployed = await _app.ResourceNotifications.WaitForResourceAsync("deploy-code", update =>
                update.Snapshot.State?.Text is { } state && (state.StartsWith("Running", StringComparison.Ordinal) || state == "Failed"), cancellationToken)
            .WaitAsync(PlatformLauncher.StartTimeout, cancellationToken);
    }

    /// <summary>The engine's id of a running container, which DCP shows in the resource's properties.</summary>
    public string ContainerId(string name)
    {
        Assert.True(App.ResourceNotifications.TryGetCurrentState(name, out var current), $"{name} is not known");
        return current.Snapshot.Properties.FirstOrDefault(property => property.Name == "container.id")?.Value?.ToString()
            ?? throw new Xunit.Sdk.XunitException($"{name} shows no container id: {string.Join(", ", current.Snapshot.Properties.Select(property => property.Name))}");
    }

    public async ValueTask DisposeAsync()
    {
        var scope = _app?.Services.GetRequiredService<DistributedApplicationModel>().Resources.OfType<OrchestratorResource>().Single().VolumeName("");
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }

        if (scope is not null)
        {
            // This run's volumes only: their names carry its state folder's mark.
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
            var prefix = scope[..^"-data".Length];
            var volumes = (await ContainerEngine.DockerAsync(timeout.Token, "volume", "ls", "--quiet")).Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Where(volume => volume.StartsWith(prefix, StringComparison.Ordinal)).ToArray();
            if (volumes.Length > 0)
            {
                await ContainerEngine.DockerAsync(timeout.Token, ["volume", "rm", "--force", .. volumes]);
            }
        }

        _events.Dispose();
        _state.Dispose();
    }
}
