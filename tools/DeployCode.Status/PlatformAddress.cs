using DeployCode.Contracts;

namespace DeployCode.Status;

/// <summary>
/// Where the running platform's telemetry port is: given with --url; else as its orchestrator wrote it into the
/// state folder when it began listening (<c>&lt;state&gt;/&lt;orchestrator&gt;/telemetry-address</c>); else the default port.
/// </summary>
internal static class PlatformAddress
{
    private static readonly Uri s_default = new("http://127.0.0.1:9464/");

    /// <summary>The address, and how it was found (for the message when nothing answers).</summary>
    public static (Uri Address, string From) Find(StatusOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Url is { } url)
        {
            return (url, "given with --url");
        }

        var folder = StateDirectory.Resolve(options.StateFolder, Environment.UserName == "root");
        var written = Directory.Exists(folder)
            ? Directory.EnumerateFiles(folder, StateDirectory.TelemetryAddressFileName, new EnumerationOptions { RecurseSubdirectories = true, MaxRecursionDepth = 1 })
                .Select(path => (path, time: File.GetLastWriteTimeUtc(path))).OrderByDescending(file => file.time).Select(file => file.path).FirstOrDefault()
            : null;
        if (written is not null && Uri.TryCreate(File.ReadAllText(written).Trim(), UriKind.Absolute, out var address))
        {
            return (address, $"as {written} says");
        }

        return (s_default, $"the default port: no {StateDirectory.TelemetryAddressFileName} in {folder}");
    }
}
