using System.Net;
using System.Net.Sockets;
using DeployCode.McpBashGod;
using DeployCode.McpBashGod.Sandbox;
using Microsoft.Extensions.Options;

namespace DeployCode.Services.Tests;

/// <summary>
/// The sandbox itself as the boundary, with no validator in front: each command here is run as it stands, and the
/// test looks at what it did outside.
/// </summary>
public sealed class SandboxBoundaryTests : IDisposable
{
    private readonly string _workRoot = Directory.CreateTempSubdirectory("deploycode-bashgod-").FullName;
    private readonly string _outside = Directory.CreateTempSubdirectory("deploycode-outside-").FullName;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public void Dispose()
    {
        Directory.Delete(_workRoot, recursive: true);
        Directory.Delete(_outside, recursive: true);
    }

    private SandboxRunner Runner(string network = BashGodOptions.NetworkNone)
    {
        var options = Options.Create(new BashGodOptions { WorkRoot = _workRoot, Network = network });
        var sessions = new SessionFolders(options);
        return new SandboxRunner(sessions, new SandboxAvailability(sessions, options, TimeProvider.System), options);
    }

    private static Task<CommandRun> RunAsync(SandboxRunner runner, string command, string user = "mallory") =>
        runner.RunAsync(command, runner.SessionFor(user), TimeSpan.FromSeconds(20), Cancellation);

    [Fact]
    public async Task ACommandWritesNothingOutsideItsFolderAndReadsNoHostFile()
    {
        var canary = Path.Combine(_outside, "canary");
        var secret = Path.Combine(_outside, "secret");
        await File.WriteAllTextAsync(secret, "host-secret-4711", Cancellation);
        File.SetUnixFileMode(secret, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        File.SetUnixFileMode(_outside, File.GetUnixFileMode(_outside) | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute);

        var run = await RunAsync(Runner(), $"touch {canary}; echo x > {canary}; cd {_outside} && touch canary; cat {secret}; cat /etc/shadow; ls /etc; echo done");

        Assert.Contains("done", run.StandardOutput, StringComparison.Ordinal);
        Assert.False(File.Exists(canary), "the command wrote outside its folder");
        Assert.DoesNotContain("host-secret-4711", run.StandardOutput + run.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("shadow", run.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ACommandReachesNoNetworkUnlessTheOperatorAllowsIt()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var connect = $"echo hi > /dev/tcp/127.0.0.1/{port}; echo done";

        var closed = await RunAsync(Runner(), connect);
        Assert.Contains("done", closed.StandardOutput, StringComparison.Ordinal);
        Assert.False(listener.Pending(), "a command reached the host's loopback with BashGod:Network=none");

        var open = await RunAsync(Runner(BashGodOptions.NetworkHost), connect);
        Assert.True(open.Succeeded, open.StandardError);
        Assert.True(listener.Pending(), "BashGod:Network=host did not give the command the service's network");
    }

    [Fact]
    public async Task NothingACommandStartsOutlivesItsCall()
    {
        var marker = Random.Shared.Next(100_000, 1_000_000);
        var run = await RunAsync(Runner(), $"sleep 51.{marker} & nohup sleep 52.{marker} >/dev/null 2>&1 & (setsid sleep 53.{marker} &); echo started");

        Assert.True(run.Succeeded, run.StandardError);
        // The kernel ends the pid namespace as the call returns; a killed process may take a moment to be reaped.
        var left = await LeftAsync(marker);
        for (var attempt = 0; attempt < 50 && left.Length > 0; attempt++)
        {
            await Task.Delay(100, Cancellation);
            left = await LeftAsync(marker);
        }

        Assert.True(left.Length == 0, $"still running after the call: {left}");
    }

    private static async Task<string> LeftAsync(int marker)
    {
        using var pgrep = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("pgrep", ["-f", $"sleep 5[123]\\.{marker}"]) { RedirectStandardOutput = true })!;
        var left = (await pgrep.StandardOutput.ReadToEndAsync(Cancellation)).Trim();
        await pgrep.WaitForExitAsync(Cancellation);
        return left;
    }

    [Fact]
    public async Task ACommandSeesOnlyItsOwnProcessesAndNotAnotherSessionsFolder()
    {
        var runner = Runner();
        var alice = await RunAsync(runner, "echo alice-private > notes.txt", "alice");
        Assert.True(alice.Succeeded, alice.StandardError);
        var aliceFolder = runner.SessionFor("alice").Folder;

        var reach = await RunAsync(runner, $"cat {aliceFolder}/notes.txt; ls {Path.GetDirectoryName(aliceFolder)}; echo done", "eve");
        var run = await RunAsync(runner, "ps -e -o pid=,args=", "eve");

        // Only its own folder is there to list.
        Assert.Equal($"{Path.GetFileName(runner.SessionFor("eve").Folder)}\ndone\n", reach.StandardOutput);
        Assert.DoesNotContain("alice-private", reach.StandardError, StringComparison.Ordinal);
        // bubblewrap's init, bash, ps: nothing of the host's.
        var processes = run.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(line => char.IsDigit(line.TrimStart()[0])).ToArray();
        Assert.True(processes.Length <= 4, $"the command saw {processes.Length} processes:\n{string.Join('\n', processes)}");
        Assert.DoesNotContain(processes, line => line.Contains("dotnet", StringComparison.Ordinal));
    }

    [Fact]
    public async Task TheSandboxIsFoundRunnableHere()
    {
        var options = Options.Create(new BashGodOptions { WorkRoot = _workRoot });
        using var availability = new SandboxAvailability(new SessionFolders(options), options, TimeProvider.System);

        Assert.Null((await availability.StateAsync(Cancellation)).Problem);
    }

    [Theory]
    [InlineData("prlimit: failed to execute bwrap: No such file or directory", "install bubblewrap")]
    [InlineData("bwrap: No permissions to create new namespace, likely because the kernel does not allow non-privileged user namespaces.", "seccomp profile")]
    [InlineData("bwrap: Can't mount proc on /newroot/proc: Operation not permitted", "systempaths=unconfined")]
    public void EachWayTheSandboxCannotStartIsExplainedWithItsFix(string error, string fix)
    {
        var problem = SandboxAvailability.Explain(error);

        Assert.StartsWith("Commands cannot run", problem, StringComparison.Ordinal);
        Assert.Contains(error, problem, StringComparison.Ordinal);
        Assert.Contains(fix, problem, StringComparison.Ordinal);
    }
}
