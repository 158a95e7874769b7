using Microsoft.Extensions.Hosting;

namespace DeployCode.Orchestrator.Tests;

/// <summary>An application that has already stopped: what watches it ends at once, for code tested without a host.</summary>
internal sealed class StoppedLifetime : IHostApplicationLifetime
{
    public CancellationToken ApplicationStarted => CancellationToken.None;

    public CancellationToken ApplicationStopping => new(canceled: true);

    public CancellationToken ApplicationStopped => new(canceled: true);

    public void StopApplication()
    {
    }
}
