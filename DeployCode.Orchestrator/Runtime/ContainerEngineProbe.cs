using System.Diagnostics;

namespace DeployCode.Orchestrator.Runtime;

/// <summary>
/// Asks Docker and Podman whether their engine answers, before the model is built (Aspire's own runtime
/// check comes after <c>Build()</c>, too late to choose between containers and processes).
/// </summary>
internal sealed class ContainerEngineProbe(BinaryLocator locator, TimeSpan timeout)
{
    /// <summary>The whole probe stays within this, so <c>dotnet run</c> is not held up by a hung engine.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(2);

    /// <summary>The engine a user prefers (<c>ASPIRE_CONTAINER_RUNTIME</c>) is asked first.</summary>
    public static IReadOnlyList<string> EngineOrder(string? preferred) =>
        string.Equals(preferred, "podman", StringComparison.OrdinalIgnoreCase) ? ["podman", "docker"] : ["docker", "podman"];

    public async Task<EngineProbeResult> ProbeAsync(IReadOnlyList<string> engines, CancellationToken cancellationToken)
    {
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        budget.CancelAfter(timeout);

        var seen = new List<string>();
        foreach (var engine in engines)
        {
            var cli = locator.Find(engine);
            if (cli is null)
            {
                seen.Add($"no {engine} CLI on PATH");
                continue;
            }

            var answer = await AskAsync(cli, VersionQuery(engine), budget.Token);
            cancellationToken.ThrowIfCancellationRequested();
            if (answer.Healthy)
            {
                return new EngineProbeResult(engine, $"{engine} engine {answer.Detail} answered");
            }

            seen.Add($"{engine} CLI found but the engine did not answer ({answer.Detail})");
        }

        return new EngineProbeResult(null, string.Join("; ", seen));
    }

    // Both commands need the engine itself, not only the CLI: Docker's client prints its own version without a daemon.
    private static string[] VersionQuery(string engine) => engine == "podman"
        ? ["info", "--format", "{{.Version.Version}}"]
        : ["version", "--format", "{{.Server.Version}}"];

    private static async Task<(bool Healthy, string Detail)> AskAsync(string cli, string[] arguments, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(cli, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        try
        {
            using var process = Process.Start(start)!;
            try
            {
                // Output is read to its end together with the exit: a CLI whose child keeps the pipe open
                // must not hold the probe past its budget.
                var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
                var error = process.StandardError.ReadToEndAsync(cancellationToken);
                await Task.WhenAll(output, error, process.WaitForExitAsync(cancellationToken));
                var version = output.Result.Trim();
                return process.ExitCode == 0 && version.Length > 0
                    ? (true, version)
                    : (false, FirstLine(error.Result) ?? $"exit code {process.ExitCode}");
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                return (false, "no answer within the probe's time limit");
            }
        }
        catch (System.ComponentModel.Win32Exception exception)
        {
            return (false, exception.Message);
        }
    }

    private static string? FirstLine(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
}

/// <summary>What the probe found: a healthy engine, or what it saw instead.</summary>
internal sealed record EngineProbeResult(string? HealthyEngine, string Detail);
