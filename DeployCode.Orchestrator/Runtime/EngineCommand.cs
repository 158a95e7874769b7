using System.Diagnostics;

namespace DeployCode.Orchestrator.Runtime;

/// <summary>One call of a container engine's CLI (<c>docker</c>, <c>podman</c>): its exit code and output, within a time limit.</summary>
internal static class EngineCommand
{
    /// <summary>Runs <paramref name="cli"/> with <paramref name="arguments"/>; a CLI that cannot start or does not end in time is a failure.</summary>
    public static async Task<EngineAnswer> RunAsync(string cli, IReadOnlyList<string> arguments, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(cli, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        budget.CancelAfter(timeout);
        try
        {
            using var process = Process.Start(start)!;
            try
            {
                // Output is read to its end together with the exit: a CLI whose child keeps the pipe open
                // must not hold the caller past its budget.
                var output = process.StandardOutput.ReadToEndAsync(budget.Token);
                var error = process.StandardError.ReadToEndAsync(budget.Token);
                await Task.WhenAll(output, error, process.WaitForExitAsync(budget.Token));
                return new EngineAnswer(process.ExitCode, output.Result.Trim(), error.Result.Trim());
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                cancellationToken.ThrowIfCancellationRequested();
                return new EngineAnswer(-1, string.Empty, $"no answer within {timeout.TotalSeconds:0.#} s");
            }
        }
        catch (System.ComponentModel.Win32Exception exception)
        {
            return new EngineAnswer(-1, string.Empty, exception.Message);
        }
    }
}

/// <summary>What the engine's CLI answered.</summary>
internal sealed record EngineAnswer(int ExitCode, string Output, string Error)
{
    /// <summary>It ended with exit code 0.</summary>
    public bool Succeeded => ExitCode == 0;

    /// <summary>The engine's own explanation: the last line of its error output (the daemon's message), or the exit code.</summary>
    public string Explanation => Error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault()
        ?? $"exit code {ExitCode}";
}
