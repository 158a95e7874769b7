using System.Diagnostics;

namespace DeployCode.AppHost.Tests;

/// <summary>The machine's Docker engine, asked through its CLI as a user would.</summary>
internal static class ContainerEngine
{
    private static readonly TimeSpan s_commandTimeout = TimeSpan.FromSeconds(60);

    /// <summary>Runs <c>docker</c> with <paramref name="arguments"/> and returns its output; a failure names the command and what it printed.</summary>
    public static Task<string> DockerAsync(CancellationToken cancellationToken, params string[] arguments) =>
        RunAsync("docker", null, s_commandTimeout, cancellationToken, arguments);

    /// <summary>Runs an engine tool (<c>docker</c>, <c>docker-compose</c>) in <paramref name="workingDirectory"/> within <paramref name="timeout"/>; its output, or a failure naming the command and what it printed.</summary>
    public static async Task<string> RunAsync(string tool, string? workingDirectory, TimeSpan timeout, CancellationToken cancellationToken, params string[] arguments)
    {
        var start = new ProcessStartInfo(tool, arguments) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = workingDirectory ?? string.Empty };
        using var process = Process.Start(start) ?? throw new Xunit.Sdk.XunitException($"{tool} could not be started");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken).WaitAsync(timeout, cancellationToken);
        return process.ExitCode == 0
            ? (await output).Trim()
            : throw new Xunit.Sdk.XunitException($"{tool} {string.Join(' ', arguments)} failed ({process.ExitCode}): {(await error).Trim()}");
    }

    /// <summary>
    /// Fails with the fix when no engine answers: container mode is what most users run, so its tests need one
    /// (<c>./deploy-code test</c> starts dockerd as root, and builds the images).
    /// </summary>
    public static async Task RequireAsync(CancellationToken cancellationToken)
    {
        try
        {
            await DockerAsync(cancellationToken, "version", "--format", "{{.Server.Version}}");
        }
        catch (Exception exception) when (exception is Xunit.Sdk.XunitException or System.ComponentModel.Win32Exception)
        {
            throw new InvalidOperationException($"Container-mode tests need a Docker engine: run them with ./deploy-code test, or start dockerd. ({exception.Message})", exception);
        }
    }
}
