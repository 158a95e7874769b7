using System.Diagnostics;
using DeployCode.McpBashGod;
using DeployCode.McpBashGod.Sandbox;
using Microsoft.Extensions.Options;

namespace DeployCode.Services.Tests;

public sealed class SandboxRunnerTests : IDisposable
{
    private readonly string _workRoot = Directory.CreateTempSubdirectory("deploycode-bashgod-").FullName;
    private readonly SandboxRunner _sandbox;

    // The sleeps' fractional seconds: a leftover is known by its whole command line, and no other process on the
    // machine (a `sleep 420` in someone's shell) can be taken for one.
    private readonly string _marker = Random.Shared.Next(100_000, 1_000_000).ToString(System.Globalization.CultureInfo.InvariantCulture);

    public SandboxRunnerTests() => _sandbox = Runner(new BashGodOptions { WorkRoot = _workRoot, MaxOutputBytes = 1000 });

    private static SandboxRunner Runner(BashGodOptions settings)
    {
        var options = Options.Create(settings);
        var sessions = new SessionFolders(options);
        return new SandboxRunner(sessions, new SandboxAvailability(sessions, options, TimeProvider.System), options);
    }

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public void Dispose() => Directory.Delete(_workRoot, recursive: true);

    [Fact]
    public async Task APlainCommandRunsWithoutAShellAndAPipelineThroughBash()
    {
        var session = _sandbox.SessionFor("alice");

        var plain = await _sandbox.RunAsync("echo hello", session, TimeSpan.FromSeconds(20), Cancellation);
        var piped = await _sandbox.RunAsync("echo abc | tr a x", session, TimeSpan.FromSeconds(20), Cancellation);

        Assert.True(plain.RanWithoutShell);
        Assert.Equal("hello\n", plain.StandardOutput);
        Assert.True(plain.Succeeded);
        Assert.False(piped.RanWithoutShell);
        Assert.Equal("xbc\n", piped.StandardOutput);
    }

    [Fact]
    public async Task EachSessionRunsAsItsOwnUserInItsOwnFolderWithACleanEnvironment()
    {
        Environment.SetEnvironmentVariable("DEPLOYCODE_TEST_SECRET", "do-not-leak");
        var bob = _sandbox.SessionFor("bob");
        var alice = _sandbox.SessionFor("alice");

        var run = await _sandbox.RunAsync("id -u; pwd; env; touch made-here", bob, TimeSpan.FromSeconds(20), Cancellation);

        var lines = run.StandardOutput.Split('\n');
        Assert.True(run.Succeeded, run.StandardError);
        Assert.Equal(bob.Uid.ToString(System.Globalization.CultureInfo.InvariantCulture), lines[0]);
        Assert.NotEqual(alice.Uid, bob.Uid);
        Assert.True(bob.Uid >= 200_000, $"uid {bob.Uid}");
        Assert.Equal(bob.Folder, lines[1]);
        Assert.DoesNotContain("do-not-leak", run.StandardOutput, StringComparison.Ordinal);
        Assert.Contains($"HOME={bob.Folder}", lines);
        Assert.NotEqual(alice.Folder, bob.Folder);
        Assert.True(File.Exists(Path.Combine(bob.Folder, "made-here")));
        // The same session again, as another replica of the service would find it: the same uid.
        Assert.Equal(bob.Uid, Runner(new BashGodOptions { WorkRoot = _workRoot }).SessionFor("bob").Uid);
    }

    [Fact]
    public async Task ACommandThatOverrunsIsKilledWithItsWholeProcessGroup()
    {
        var clock = Stopwatch.StartNew();
        var run = await _sandbox.RunAsync($"sleep 41.{_marker} & sleep 42.{_marker}", _sandbox.SessionFor("carol"), TimeSpan.FromSeconds(1), Cancellation);

        Assert.True(run.TimedOut);
        Assert.Null(run.ExitCode);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), $"took {clock.Elapsed}");
        await AssertAllGoneAsync($"^sleep 4[12]\\.{_marker}$");
    }

    [Fact]
    public async Task AProcessThatLeftTheCommandsProcessGroupIsKilledWithItsSession()
    {
        // With job control on, bash puts the background job in a process group of its own: a kill of the
        // command's group misses it, the session sweep does not.
        var run = await _sandbox.RunAsync($"set -m; sleep 43.{_marker} & sleep 44.{_marker}", _sandbox.SessionFor("grace"), TimeSpan.FromSeconds(1), Cancellation);

        Assert.True(run.TimedOut);
        await AssertAllGoneAsync($"^sleep 4[34]\\.{_marker}$");
    }

    [Fact]
    public async Task AProcessThatStartedASessionOfItsOwnIsKilledWithTheCommand()
    {
        // setsid takes the child out of the command's session and group; it is still the command's descendant.
        var run = await _sandbox.RunAsync($"setsid sleep 45.{_marker} & sleep 46.{_marker}", _sandbox.SessionFor("heidi"), TimeSpan.FromSeconds(1), Cancellation);

        Assert.True(run.TimedOut);
        await AssertAllGoneAsync($"^sleep 4[56]\\.{_marker}$");
    }

    [Fact]
    public async Task ACommandThatSpendsItsCpuTimeIsStoppedByTheKernelBeforeItsTimeLimit()
    {
        var strict = Runner(new BashGodOptions { WorkRoot = _workRoot, MaxCpuSeconds = 1 });

        var run = await strict.RunAsync("while :; do :; done", strict.SessionFor("erin"), TimeSpan.FromSeconds(60), Cancellation);

        Assert.False(run.TimedOut);
        // SIGXCPU at the soft limit, SIGKILL at the hard one (prlimit sets both to the same value).
        Assert.True(run.ExitCode is 128 + 24 or 128 + 9, $"exit code {run.ExitCode}");
        Assert.True(run.DurationMilliseconds < 30_000, $"took {run.DurationMilliseconds} ms");
    }

    [Fact]
    public async Task ACommandCannotTakeMoreMemoryThanItsLimit()
    {
        var strict = Runner(new BashGodOptions { WorkRoot = _workRoot, MaxMemoryMb = 64 });

        var run = await strict.RunAsync("a=$(head -c 200000000 /dev/zero | tr '\\0' x); echo ${#a}", strict.SessionFor("frank"), TimeSpan.FromSeconds(60), Cancellation);

        Assert.False(run.Succeeded);
        Assert.Contains("allocate", run.StandardError, StringComparison.Ordinal);
    }

    /// <summary>
    /// No process matches <paramref name="pattern"/> any more; the kernel may take a moment to finish off a killed
    /// one, so it is asked again for up to 5 s. A failure says what ps knows of those left.
    /// </summary>
    private static async Task AssertAllGoneAsync(string pattern)
    {
        var left = await StillRunningAsync(pattern);
        for (var attempt = 0; attempt < 50 && left.Length > 0; attempt++)
        {
            await Task.Delay(100, Cancellation);
            left = await StillRunningAsync(pattern);
        }

        Assert.True(left.Length == 0, $"still running: {await DescribeAsync(left)}");
    }

    /// <summary>What ps knows of the processes, for a failure message.</summary>
    private static async Task<string> DescribeAsync(string pids)
    {
        using var ps = Process.Start(new ProcessStartInfo("ps", ["-o", "pid,ppid,pgid,sid,stat,etimes,user,args", "-p", string.Join(',', pids.Split('\n'))]) { RedirectStandardOutput = true })!;
        var described = await ps.StandardOutput.ReadToEndAsync(Cancellation);
        await ps.WaitForExitAsync(Cancellation);
        return described;
    }

    private static async Task<string> StillRunningAsync(string pattern)
    {
        using var check = Process.Start(new ProcessStartInfo("pgrep", ["-f", pattern]) { RedirectStandardOutput = true })!;
        var left = await check.StandardOutput.ReadToEndAsync(Cancellation);
        await check.WaitForExitAsync(Cancellation);
        return left.Trim();
    }

    [Fact]
    public async Task OutputPastTheLimitIsCutAndSaidSo()
    {
        var run = await _sandbox.RunAsync("seq 1 100000", _sandbox.SessionFor("dave"), TimeSpan.FromSeconds(20), Cancellation);

        Assert.True(run.OutputTruncated);
        Assert.EndsWith("[output truncated]", run.StandardOutput, StringComparison.Ordinal);
        Assert.True(run.StandardOutput.Length < 1100);
        Assert.True(run.Succeeded);
    }
}
