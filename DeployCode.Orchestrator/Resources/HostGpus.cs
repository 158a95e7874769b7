using System.Diagnostics;
using System.Globalization;
using DeployCode.Orchestrator.Configuration;
using DeployCode.Orchestrator.Runtime;

namespace DeployCode.Orchestrator.Resources;

/// <summary>How many GPUs this machine has: configured, or counted by <c>nvidia-smi -L</c>.</summary>
internal static class HostGpus
{
    public static int Discover(string configured, BinaryLocator locator)
    {
        if (!string.Equals(configured, "auto", StringComparison.OrdinalIgnoreCase))
        {
            return int.TryParse(configured, NumberStyles.None, CultureInfo.InvariantCulture, out var count)
                ? count
                : throw new DeployCodeConfigurationException($"DeployCode:Gpus is '{configured}'; use 'auto' (ask nvidia-smi) or a count such as 0 or 2.");
        }

        return locator.Find("nvidia-smi") is { } nvidiaSmi ? CountListedGpus(nvidiaSmi) : 0;
    }

    /// <summary>Counts the <c>GPU n: ...</c> lines of <c>nvidia-smi -L</c>; a driver that does not answer in time counts as none.</summary>
    public static int CountListedGpus(string nvidiaSmi)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo(nvidiaSmi, "-L") { RedirectStandardOutput = true, RedirectStandardError = true })!;
            using var budget = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            try
            {
                var output = process.StandardOutput.ReadToEndAsync(budget.Token);
                var error = process.StandardError.ReadToEndAsync(budget.Token);
                Task.WhenAll(output, error, process.WaitForExitAsync(budget.Token)).GetAwaiter().GetResult();
                return process.ExitCode == 0 ? ParseListing(output.Result) : 0;
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                return 0;
            }
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return 0;
        }
    }

    public static int ParseListing(string listing) =>
        listing.Split('\n').Count(line => line.TrimStart().StartsWith("GPU ", StringComparison.Ordinal));
}
