using System.Diagnostics;
using System.Text;
using DeployCode.McpBashGod.Validation;
using Microsoft.Extensions.Options;

namespace DeployCode.McpBashGod.Sandbox;

/// <summary>
/// Runs a validated command line: in its own session and process group (<c>setsid</c>), as an unprivileged account
/// when the service is root (<c>setpriv</c>), under CPU, memory, file-size and process limits (<c>prlimit</c>), in the
/// caller's working folder, with a clean environment (no secret of the service is inherited). A single plain command
/// runs without a shell. One that overruns its time is killed with its whole process group.
/// </summary>
internal sealed class SandboxRunner(IOptions<BashGodOptions> options)
{
    private static readonly TimeSpan s_killPatience = TimeSpan.FromSeconds(5);

    // A folder is prepared (created, handed to the account) once; each call after only checks it is still there.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> _prepared = new(StringComparer.Ordinal);

    public async Task<CommandRun> RunAsync(string commandLine, string folder, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var (argv, direct) = CommandOf(commandLine);
        var start = new ProcessStartInfo("setsid")
        {
            WorkingDirectory = folder,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment.Clear();
        start.Environment["PATH"] = "/usr/local/bin:/usr/bin:/bin";
        start.Environment["HOME"] = folder;
        start.Environment["LANG"] = "C.UTF-8";
        start.Environment["TERM"] = "dumb";
        if (Environment.UserName == "root")
        {
            foreach (var argument in new[] { "setpriv", $"--reuid={settings.RunAs}", $"--regid={GroupOf(settings.RunAs)}", "--clear-groups", "--no-new-privs", "--" })
            {
                start.ArgumentList.Add(argument);
            }
        }

        foreach (var argument in new[]
        {
            "prlimit", $"--cpu={settings.MaxCpuSeconds}", $"--as={(long)settings.MaxMemoryMb * 1024 * 1024}",
            $"--fsize={(long)settings.MaxFileMb * 1024 * 1024}", $"--nproc={settings.MaxProcesses}", "--",
        })
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var argument in argv)
        {
            start.ArgumentList.Add(argument);
        }

        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException("setsid did not start");
        process.StandardInput.Close();
        using var stdout = new BoundedOutput(settings.MaxOutputBytes);
        using var stderr = new BoundedOutput(settings.MaxOutputBytes);
        var reading = Task.WhenAll(stdout.DrainAsync(process.StandardOutput.BaseStream), stderr.DrainAsync(process.StandardError.BaseStream));

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        var timedOut = false;
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            timedOut = !cancellationToken.IsCancellationRequested;
            // setsid made the process its session's and group's leader: all of it goes, whatever it started.
            await SessionKiller.KillAsync(process.Id, s_killPatience);
            await process.WaitForExitAsync(CancellationToken.None);
        }

        await reading.WaitAsync(TimeSpan.FromSeconds(5), CancellationToken.None).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        return new CommandRun(commandLine, timedOut ? null : process.ExitCode, stdout.Text, stderr.Text, clock.ElapsedMilliseconds, timedOut,
            stdout.Truncated || stderr.Truncated, direct);
    }

    /// <summary>The caller's working folder, owned by the account commands run as.</summary>
    public string FolderFor(string user) =>
        _prepared.TryGetValue(user, out var folder) && Directory.Exists(folder) ? folder : _prepared[user] = Prepare(user);

    private string Prepare(string user)
    {
        var settings = options.Value;
        var name = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(user)))[..16].ToLowerInvariant();
        var folder = Directory.CreateDirectory(Path.Combine(settings.WorkRoot, "sessions", name)).FullName;
        if (Environment.UserName == "root")
        {
            using var chown = Process.Start("chown", [$"{settings.RunAs}:{GroupOf(settings.RunAs)}", folder]);
            chown?.WaitForExit();
            // The account must be able to reach its folder through the ones above it.
            foreach (var parent in new[] { settings.WorkRoot, Path.Combine(settings.WorkRoot, "sessions") })
            {
                File.SetUnixFileMode(parent, File.GetUnixFileMode(parent) | UnixFileMode.OtherExecute);
            }
        }

        return folder;
    }

    /// <summary>A single plain command (literal words, no redirection, no assignment) runs without a shell; anything else through bash.</summary>
    internal static (IReadOnlyList<string> Argv, bool Direct) CommandOf(string commandLine)
    {
        var script = ShellParser.Parse(commandLine);
        if (script.Items is [{ Pipeline.Commands: [SimpleCommand { Assignments.Count: 0, Redirections.Count: 0 } simple] } only] &&
            only.Separator.Length == 0 && simple.Words.All(word => word.IsLiteral))
        {
            return ([.. simple.Words.Select(word => word.Value)], true);
        }

        return (["/bin/bash", "--noprofile", "--norc", "-c", commandLine], false);
    }

    private static string GroupOf(string account) => account == "nobody" ? "nogroup" : account;

    /// <summary>Keeps the first bytes of a stream and counts the rest, reading to the end so the writer never blocks.</summary>
    private sealed class BoundedOutput(int limit) : IDisposable
    {
        private readonly MemoryStream _kept = new();

        public void Dispose() => _kept.Dispose();

        public bool Truncated { get; private set; }

        public string Text => Encoding.UTF8.GetString(_kept.GetBuffer(), 0, (int)_kept.Length) + (Truncated ? "\n[output truncated]" : "");

        public async Task DrainAsync(Stream stream)
        {
            var buffer = new byte[16384];
            int read;
            while ((read = await stream.ReadAsync(buffer)) > 0)
            {
                var room = (int)Math.Max(0, limit - _kept.Length);
                _kept.Write(buffer, 0, Math.Min(room, read));
                Truncated |= read > room;
            }
        }
    }
}
