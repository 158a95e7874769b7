using System.Diagnostics;
using System.Text;
using DeployCode.McpBashGod.Validation;
using Microsoft.Extensions.Options;

namespace DeployCode.McpBashGod.Sandbox;

/// <summary>
/// Runs a validated command line in its session's sandbox (<see cref="SandboxCommand"/>): bubblewrap's namespaces
/// are the boundary, the validator only the explanation. A single plain command runs without a shell. One that
/// overruns its time, or whose call is cancelled, is killed with its whole sandbox; one that ends takes whatever it
/// left running with it.
/// </summary>
internal sealed class SandboxRunner(SessionFolders sessions, SandboxAvailability availability, IOptions<BashGodOptions> options)
{
    /// <summary>Runs <paramref name="commandLine"/>; refuses (an MCP error with the cause and the fix) when the sandbox cannot run here.</summary>
    public async Task<CommandRun> RunAsync(string commandLine, Session session, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var state = await availability.StateAsync(cancellationToken);
        if (state.Problem is { } problem)
        {
            // Fail closed: nothing runs outside the sandbox.
            throw new ModelContextProtocol.McpException(problem);
        }

        var settings = options.Value;
        var (program, direct) = CommandOf(commandLine);
        var argv = SandboxCommand.For(session, settings, program, state.OwnProc);
        var start = new ProcessStartInfo(argv[0])
        {
            WorkingDirectory = session.Folder,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // bubblewrap clears the command's environment; its own needs none of the service's either.
        start.Environment.Clear();
        start.Environment["PATH"] = "/usr/local/bin:/usr/bin:/bin";
        foreach (var argument in argv.Skip(1))
        {
            start.ArgumentList.Add(argument);
        }

        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{argv[0]} did not start");
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
            // bubblewrap's own process (setpriv and prlimit exec into it): with it gone, the sandbox's first process
            // gets SIGKILL (--die-with-parent), and the kernel ends the rest of its pid namespace.
            process.Kill();
            await process.WaitForExitAsync(CancellationToken.None);
        }

        await reading.WaitAsync(TimeSpan.FromSeconds(5), CancellationToken.None).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        return new CommandRun(commandLine, timedOut ? null : process.ExitCode, stdout.Text, stderr.Text, clock.ElapsedMilliseconds, timedOut,
            stdout.Truncated || stderr.Truncated, direct);
    }

    /// <summary>The session of <paramref name="user"/>: its folder and user id.</summary>
    public Session SessionFor(string user) => sessions.For(user);

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
