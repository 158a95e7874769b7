using System.Diagnostics;
using System.Text.RegularExpressions;

namespace DeployCode.AppHost.Tests;

/// <summary>
/// The sample AppHost run as a user runs it, with <c>dotnet run</c> and its dashboard: the login link it prints, and
/// the platform up. It runs in a session of its own, so that stopping it (SIGTERM, as a service manager does) reaches
/// the AppHost, DCP and the services alike.
/// </summary>
public sealed partial class SampleDashboardRun : IAsyncLifetime
{
    private static readonly TimeSpan s_startTimeout = TimeSpan.FromMinutes(3);
    private readonly StateFolder _state = new();
    private readonly TaskCompletionSource<string> _login = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _healthy = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<string> _output = [];
    private Process? _run;

    /// <summary>The dashboard's login link, as the AppHost printed it.</summary>
    public string LoginUrl => _login.Task.IsCompletedSuccessfully ? _login.Task.Result : throw new InvalidOperationException("The sample printed no login link.");

    public async ValueTask InitializeAsync()
    {
        var start = new ProcessStartInfo("setsid") { WorkingDirectory = RepositoryFolder.Root, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in (string[])["dotnet", "run", "--no-build", "--project", "tests/DeployCode.Sample.AppHost", "--",
            "DeployCode:Runtime=process", $"DeployCode:StateDirectory={_state.Path}", "DeployCode:Ports:RangeStart=23000", "DeployCode:Ports:RangeEnd=23999"])
        {
            start.ArgumentList.Add(argument);
        }

        _run = Process.Start(start) ?? throw new InvalidOperationException("dotnet run could not be started");
        _run.OutputDataReceived += (_, line) => Read(line.Data);
        _run.ErrorDataReceived += (_, line) => Read(line.Data);
        _run.BeginOutputReadLine();
        _run.BeginErrorReadLine();
        using var timeout = new CancellationTokenSource(s_startTimeout);
        var exited = _run.WaitForExitAsync(timeout.Token);
        var up = Task.WhenAll(_login.Task, _healthy.Task);
        if (await Task.WhenAny(up, exited, Task.Delay(s_startTimeout, timeout.Token)) != up)
        {
            throw new InvalidOperationException($"The sample did not come up within {s_startTimeout.TotalMinutes} minutes{(_run.HasExited ? $" (it exited with {_run.ExitCode})" : "")}:\n{Tail()}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_run is { HasExited: false } run)
        {
            // The whole session: dotnet run, the AppHost, DCP and the services.
            using (Process.Start("kill", ["-TERM", "--", $"-{run.Id}"]))
            {
            }

            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            try
            {
                await run.WaitForExitAsync(grace.Token);
            }
            catch (OperationCanceledException)
            {
                using (Process.Start("kill", ["-KILL", "--", $"-{run.Id}"]))
                {
                }
            }
        }

        _run?.Dispose();
        _state.Dispose();
    }

    /// <summary>The last lines it printed, for a failure's message.</summary>
    public string Tail()
    {
        lock (_output)
        {
            return string.Join('\n', _output.TakeLast(40));
        }
    }

    private void Read(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.Add(line);
        }

        if (LoginLink().Match(line) is { Success: true } login)
        {
            _login.TrySetResult(login.Groups[1].Value);
        }
        else if (line.Contains("Shop healthy: ", StringComparison.Ordinal))
        {
            _healthy.TrySetResult();
        }
    }

    [GeneratedRegex(@"Login to the dashboard at (http\S+/login\?t=\S+)")]
    private static partial Regex LoginLink();
}
