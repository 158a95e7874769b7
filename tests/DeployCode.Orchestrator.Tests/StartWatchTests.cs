using System.Diagnostics;
using Aspire.Hosting.ApplicationModel;
using DeployCode.Orchestrator.Health;

namespace DeployCode.Orchestrator.Tests;

[Collection(FakeCommandLineTools.Name)]
public sealed class StartWatchTests : IDisposable
{
    private static readonly TimeSpan s_testLimit = TimeSpan.FromSeconds(20);

    private readonly ResourceNotificationService _notifications = TestNotifications.Create();
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task AComponentSeenReadyIsReadyAtThatMoment()
    {
        var at = Stopwatch.GetTimestamp();

        var outcome = await Watch(new ProjectResource("auth-service"), _ => Task.FromResult(at));

        Assert.Equal(ComponentOutcome.Ready("auth-service", at), outcome);
    }

    [Fact]
    public async Task AContainerWhoseImageCannotBePulledIsNamedWithTheEnginesAnswerAndTheFix()
    {
        var docker = _temp.Executable("bin/docker", """
            if [ "$1 $2" = "image inspect" ]; then echo "Error: No such image: $5" >&2; exit 1; fi
            if [ "$1" = pull ]; then echo 'Error response from daemon: Get "https://registry-1.docker.io/v2/": dial tcp: lookup registry-1.docker.io: no such host' >&2; exit 1; fi
            exit 2
            """);
        var grafana = new ContainerResource("grafana");
        grafana.Annotations.Add(new ContainerImageAnnotation { Image = "grafana/grafana", Tag = "12.1.1" });

        var outcome = await Watch(grafana, Never, docker, KnownResourceStates.FailedToStart);

        Assert.Equal("image grafana/grafana:12.1.1 could not be pulled (Error response from daemon: Get \"https://registry-1.docker.io/v2/\": dial tcp: lookup registry-1.docker.io: no such host); " +
            "set DeployCode:Images:Registry to a mirror, or DeployCode:Services:grafana:Image to an image this machine has", outcome.Failure);
    }

    [Fact]
    public async Task AContainerThatFailsWithItsImageHereIsSentToItsLog()
    {
        var docker = _temp.Executable("bin/docker", """if [ "$1 $2" = "image inspect" ]; then echo sha256:1234; exit 0; fi; exit 2""");
        var postgres = new ContainerResource("postgresql");
        postgres.Annotations.Add(new ContainerImageAnnotation { Registry = "docker.io", Image = "library/postgres", Tag = "17.6" });

        var outcome = await Watch(postgres, Never, docker, KnownResourceStates.FailedToStart);

        Assert.Equal("its container did not start, although the image docker.io/library/postgres:17.6 is here; see its console log", outcome.Failure);
    }

    [Fact]
    public async Task AProcessThatExitsBeforeItIsReadyFailsWithItsExitCode()
    {
        var outcome = await Watch(new ProjectResource("mcp-memory"), Never, state: KnownResourceStates.Exited, exitCode: 3);

        Assert.Equal("exited with code 3 before it was ready (Exited); see its console log", outcome.Failure);
    }

    [Fact]
    public async Task AContainerWaitingForAnUnhealthyEngineFailsAtTheStartTimeoutNamingTheEngine()
    {
        // DCP resumes such a container when the engine recovers, so only the start timeout ends the wait.
        await _notifications.PublishUpdateAsync(new ContainerResource("redis"), snapshot => snapshot with { State = KnownResourceStates.RuntimeUnhealthy });
        var watch = new StartWatch(_notifications, new StartFailureCause("/usr/bin/docker", TimeSpan.FromSeconds(5)), TimeSpan.FromMilliseconds(300));

        var outcome = await watch.WatchAsync(new ContainerResource("redis"), Never, TestContext.Current.CancellationToken).WaitAsync(s_testLimit, TestContext.Current.CancellationToken);

        Assert.Equal("not ready within 0.3 s (DeployCode:Recovery:StartTimeoutSeconds); it was waiting for the container engine, which is not healthy " +
            "(start it, or set DeployCode:Runtime=process); see its console log", outcome.Failure);
    }

    [Fact]
    public async Task AComponentNotReadyWithinTheStartTimeoutFailsWithTheStateItWasIn()
    {
        await _notifications.PublishUpdateAsync(new ProjectResource("circle-of-experts"), snapshot => snapshot with { State = KnownResourceStates.Starting });
        var watch = new StartWatch(_notifications, new StartFailureCause(null, TimeSpan.FromSeconds(5)), TimeSpan.FromMilliseconds(200));

        var outcome = await watch.WatchAsync(new ProjectResource("circle-of-experts"), Never, TestContext.Current.CancellationToken).WaitAsync(s_testLimit, TestContext.Current.CancellationToken);

        Assert.Equal("not ready within 0.2 s (DeployCode:Recovery:StartTimeoutSeconds); it was Starting; see its console log", outcome.Failure);
    }

    [Theory]
    [InlineData("Running", false)]
    [InlineData("Starting", false)]
    [InlineData("Waiting", false)]
    [InlineData("FailedToStart", true)]
    [InlineData("Exited", true)]
    [InlineData("Finished", true)]
    [InlineData("RuntimeUnhealthy", false)]
    public void OnlyAStateAComponentDoesNotLeaveByItselfIsAFailure(string state, bool failure)
    {
        Assert.Equal(failure, StartWatch.IsFailure(state));
    }

    private static Task<long> Never(CancellationToken cancellationToken) => Task.Delay(Timeout.Infinite, cancellationToken).ContinueWith(_ => 0L, TaskScheduler.Default);

    private async Task<ComponentOutcome> Watch(IResource resource, Func<CancellationToken, Task<long>> whenReady, string? engine = null, string? state = null, int? exitCode = null)
    {
        var watch = new StartWatch(_notifications, new StartFailureCause(engine, TimeSpan.FromSeconds(5)), TimeSpan.FromMinutes(5));
        var watching = watch.WatchAsync(resource, whenReady, TestContext.Current.CancellationToken);
        if (state is not null)
        {
            await _notifications.PublishUpdateAsync(resource, snapshot => snapshot with { State = state, ExitCode = exitCode });
        }

        return await watching.WaitAsync(s_testLimit, TestContext.Current.CancellationToken);
    }
}
