using Aspire.Hosting.ApplicationModel;
using DeployCode.Orchestrator.Recovery;

namespace DeployCode.Orchestrator.Tests;

public sealed class ExitWatchTests : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly ResourceNotificationService _notifications = TestNotifications.Create();
    private readonly ExecutableResource _redis = new("redis", "redis-server", ".");
    private readonly ProjectResource _auth = new("auth-service");

    public void Dispose()
    {
        _stop.Cancel();
        _stop.Dispose();
    }

    [Fact]
    public async Task AServiceThatExitedBeforeTheWatchStartedIsAnExit()
    {
        // Killed after it was seen healthy, before supervision began: recovery must still hear of it.
        await PublishAsync(_redis, KnownResourceStates.Exited, 137);
        await PublishAsync(_auth, KnownResourceStates.Running);

        var watches = ExitWatch.Start(_notifications, ["redis", "auth-service"], _stop.Token);

        var reason = await watches["redis"].Current.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        Assert.Equal("its process exited (state Exited, exit code 137)", reason);
        Assert.False(watches["auth-service"].Current.IsCompleted);
    }

    [Fact]
    public async Task AStopThatWasAskedForIsNotAnExitButTheKillAfterItIs()
    {
        await PublishAsync(_auth, KnownResourceStates.Running);
        var watches = ExitWatch.Start(_notifications, ["auth-service"], _stop.Token);

        await PublishAsync(_auth, KnownResourceStates.Stopping);
        await PublishAsync(_auth, KnownResourceStates.Exited, 0);
        await PublishAsync(_auth, KnownResourceStates.Running);
        await PublishAsync(_auth, KnownResourceStates.Exited, 137);

        var reason = await watches["auth-service"].Current.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        Assert.Equal("its process exited (state Exited, exit code 137)", reason);
    }

    private Task PublishAsync(IResource resource, string state, int? exitCode = null) =>
        _notifications.PublishUpdateAsync(resource, snapshot => snapshot with { State = state, ExitCode = exitCode });
}
