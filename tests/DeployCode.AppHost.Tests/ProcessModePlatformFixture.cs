using Aspire.Hosting;

namespace DeployCode.AppHost.Tests;

/// <summary>One platform started in process mode, shared by the functional tests of a class.</summary>
public sealed class ProcessModePlatformFixture : IAsyncLifetime
{
    private readonly ResourceEventLog _events = new();
    private DistributedApplication? _app;

    public string StateDirectory { get; } = Path.Combine(Path.GetTempPath(), $"deploycode-tests-{Guid.NewGuid():N}"[..32]);

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
        Directory.Delete(StateDirectory, recursive: true);
    }
}
