using Aspire.Hosting;

namespace DeployCode.AppHost.Tests;

/// <summary>One platform started in process mode, shared by the functional tests of a class.</summary>
public sealed class ProcessModePlatformFixture : IAsyncLifetime
{
    private readonly ResourceEventLog _events = new();
    private DistributedApplication? _app;

    private readonly StateFolder _state = new();

    public string StateDirectory => _state.Path;

    public DistributedApplication App => _app ?? throw new InvalidOperationException("The platform did not start.");

    internal ResourceEventLog Events => _events;

    public async ValueTask InitializeAsync()
    {
        using var timeout = new CancellationTokenSource(PlatformLauncher.StartTimeout);
        _app = await PlatformLauncher.BuildAsync(StateDirectory, PlatformLauncher.NewSecrets(), _events, timeout.Token);
        await PlatformLauncher.StartAsync(_app, timeout.Token);
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }

        _events.Dispose();
        _state.Dispose();
    }
}
