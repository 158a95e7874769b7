namespace DeployCode.Contracts;

/// <summary>
/// The state folder: where process-mode infrastructure keeps its data and the orchestrator its plan, known-good
/// configuration and telemetry address. Configurable, with the usual Linux defaults. Compiled into the orchestrator and
/// into <c>./deploy-code status</c> (linked source), which finds a running platform through it.
/// </summary>
internal static class StateDirectory
{
    public static string Resolve(string? configured, bool isRoot)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return Path.GetFullPath(configured);
        }

        if (isRoot)
        {
            return "/var/lib/deploy-code";
        }

        var stateHome = Environment.GetEnvironmentVariable("XDG_STATE_HOME");
        return string.IsNullOrWhiteSpace(stateHome)
            ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "state", "deploy-code")
            : Path.Combine(stateHome, "deploy-code");
    }

    /// <summary>
    /// The file in the orchestrator's own folder of the state folder that holds its telemetry address (status page,
    /// <c>/metrics</c>, <c>/registry</c>) while it runs.
    /// </summary>
    public const string TelemetryAddressFileName = "telemetry-address";
}
