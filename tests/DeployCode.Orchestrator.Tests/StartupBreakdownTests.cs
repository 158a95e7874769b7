using System.Diagnostics;
using Aspire.Hosting.ApplicationModel;
using DeployCode.Orchestrator.Gating;
using DeployCode.Orchestrator.Telemetry;

namespace DeployCode.Orchestrator.Tests;

public sealed class StartupBreakdownTests
{
    private static readonly long s_origin = Stopwatch.GetTimestamp();

    // db (phase 1) starts at once; api waits for db; web and worker wait for api. Own starts: db 1 s, api 2 s,
    // web 0.5 s, worker 1.5 s, so the longest chain of own starts is db → api → worker, 4.5 s.
    private static StartupBreakdown Deployment()
    {
        var timeline = new StartupTimeline(At(0), At(1));
        Observe(timeline, "db", entered: 3, starting: 3, running: 3.5, healthy: 4.5);
        Observe(timeline, "api", entered: 3, starting: 4.6, running: 4.7, healthy: 6.7);
        Observe(timeline, "web", entered: 3, starting: 6.8, running: 6.9, healthy: 7.4);
        Observe(timeline, "worker", entered: 3, starting: 6.8, running: 6.9, healthy: 8.4);
        timeline.VerificationBegan = At(8.5);
        timeline.VerificationEnded = At(9.5);
        var dependsOn = new Dictionary<string, SortedSet<string>>
        {
            ["db"] = [],
            ["api"] = ["db"],
            ["web"] = ["api"],
            ["worker"] = ["api"],
        };
        GateRecord[] gates =
        [
            new("api", ["db"], At(3), At(4.5), At(4.6)),
            new("web", ["api"], At(3), At(6.7), At(6.8)),
            new("worker", ["api"], At(3), At(6.7), At(6.8)),
        ];
        return StartupBreakdown.From(timeline, [["db"], ["api"], ["web", "worker"]], dependsOn, gates);
    }

    [Fact]
    public void TheWholeStartIsSplitIntoTheAppHostDcpThePhasesAndVerification()
    {
        var breakdown = Deployment();

        AssertSeconds(9.5, breakdown.Total);
        AssertSeconds(1, breakdown.AppHostStart);
        AssertSeconds(3, breakdown.BeforeFirstComponent);
        AssertSeconds(5.4, breakdown.Phases);
        AssertSeconds(1, breakdown.Verification);
    }

    [Fact]
    public void TheServicesOwnCriticalPathIsTheLongestChainOfOwnStartsThroughTheWaits()
    {
        AssertSeconds(4.5, Deployment().OwnCriticalPath);
    }

    [Fact]
    public void EachComponentShowsItsWaitTheGatesReleaseDcpsSpawnAndItsOwnStart()
    {
        var rows = Deployment().Rows.ToDictionary(row => row.Component);

        Assert.Equal(["db", "api", "web", "worker"], Deployment().Rows.Select(row => row.Component));
        Assert.Null(rows["db"].WaitedForDependencies);
        AssertSeconds(0.5, rows["db"].ToRunning!.Value);
        AssertSeconds(1, rows["db"].OwnStart!.Value);
        AssertSeconds(1.5, rows["api"].WaitedForDependencies!.Value);
        AssertSeconds(0.1, rows["api"].GateRelease!.Value);
        AssertSeconds(0.1, rows["api"].ToRunning!.Value);
        AssertSeconds(2, rows["api"].OwnStart!.Value);
        AssertSeconds(8.4, rows["worker"].HealthyAt!.Value);
        Assert.Equal(3, rows["worker"].Phase);
    }

    [Fact]
    public void AComponentThatNeverRanHasNoOwnStartAndAddsNothingToTheCriticalPath()
    {
        var timeline = new StartupTimeline(At(0), At(1));
        Observe(timeline, "db", entered: 2, starting: 2, running: 2.5, healthy: 3);
        timeline.For("api").Observe(KnownResourceStates.Waiting, At(2));
        var dependsOn = new Dictionary<string, SortedSet<string>> { ["db"] = [], ["api"] = ["db"] };

        var breakdown = StartupBreakdown.From(timeline, [["db"], ["api"]], dependsOn, []);

        var api = breakdown.Rows.Single(row => row.Component == "api");
        Assert.Null(api.OwnStart);
        Assert.Null(api.HealthyAt);
        AssertSeconds(0.5, breakdown.OwnCriticalPath);
        Assert.Contains("api", breakdown.Render(), StringComparison.Ordinal);
    }

    [Fact]
    public void TheRenderedBreakdownHasASummaryAndARowPerComponent()
    {
        var lines = Deployment().Render().Split(Environment.NewLine);

        Assert.StartsWith("Start-up: 9.50 s from launch to verified: AppHost 1.00 s", lines[0], StringComparison.Ordinal);
        Assert.Contains("the services' own critical path 4.50 s", lines[0], StringComparison.Ordinal);
        Assert.Matches(@"^\s+2\s+api\s+1\.50\s+100\s+0\.10\s+2\.00\s+6\.70$", lines.Single(line => line.Contains(" api ", StringComparison.Ordinal)));
        Assert.Equal(4, lines.Count(line => System.Text.RegularExpressions.Regex.IsMatch(line, @"^\s+\d\s+\w")));
    }

    [Fact]
    public void OnlyTheFirstTimeAComponentReachesAStepCounts()
    {
        var times = new ComponentTimes();
        times.Observe(KnownResourceStates.Running, At(1));
        times.Observe(KnownResourceStates.Exited, At(2));
        times.Observe(KnownResourceStates.Running, At(3));

        Assert.Equal(At(1), times.Running);
        Assert.Equal(At(1), times.Entered);
        Assert.Null(times.Waiting);
    }

    private static void Observe(StartupTimeline timeline, string name, double entered, double starting, double running, double healthy)
    {
        var times = timeline.For(name);
        times.Observe(KnownResourceStates.Waiting, At(entered));
        times.Observe(KnownResourceStates.Starting, At(starting));
        times.Observe(KnownResourceStates.Running, At(running));
        times.MarkHealthy(At(healthy));
    }

    private static long At(double seconds) => s_origin + (long)(seconds * Stopwatch.Frequency);

    private static void AssertSeconds(double expected, TimeSpan actual) =>
        Assert.True(Math.Abs(expected - actual.TotalSeconds) < 0.001, $"expected {expected} s, got {actual.TotalSeconds} s");
}
