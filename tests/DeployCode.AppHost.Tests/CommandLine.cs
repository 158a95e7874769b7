using System.Diagnostics;

namespace DeployCode.AppHost.Tests;

/// <summary>A command run as a user runs it from a shell: its exit code, what it printed, and what it printed as errors.</summary>
internal static class CommandLine
{
    public static async Task<(int ExitCode, string Output, string Errors)> RunAsync(string command, string? folder, TimeSpan timeout, params string[] arguments)
    {
        var start = new ProcessStartInfo(command) { WorkingDirectory = folder ?? string.Empty, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new Xunit.Sdk.XunitException($"{command} could not be started");
        var output = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var errors = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken).WaitAsync(timeout, TestContext.Current.CancellationToken);
        return (process.ExitCode, await output, await errors);
    }
}
