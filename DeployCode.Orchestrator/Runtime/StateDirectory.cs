namespace DeployCode.Orchestrator.Runtime;

/// <summary>Where process-mode infrastructure keeps its data: configurable, with the usual Linux defaults.</summary>
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
}
