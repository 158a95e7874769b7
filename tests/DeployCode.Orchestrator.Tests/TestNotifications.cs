using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;

namespace DeployCode.Orchestrator.Tests;

/// <summary>Aspire's own notification service, outside an app: what the orchestrator's watches read states from.</summary>
internal static class TestNotifications
{
    /// <summary>A notification service of an application that runs (or of <paramref name="lifetime"/>).</summary>
    public static ResourceNotificationService Create(IHostApplicationLifetime? lifetime = null) =>
        new(NullLogger<ResourceNotificationService>.Instance, lifetime ?? new RunningLifetime(), new EmptyServices(), new ResourceLoggerService());

    private sealed class EmptyServices : IServiceProvider
    {
        public object? GetService(Type serviceType) => null;
    }

    private sealed class RunningLifetime : IHostApplicationLifetime
    {
        public CancellationToken ApplicationStarted => CancellationToken.None;

        public CancellationToken ApplicationStopping => CancellationToken.None;

        public CancellationToken ApplicationStopped => CancellationToken.None;

        public void StopApplication()
        {
        }
    }
}
