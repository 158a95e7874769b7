using DeployCode.Orchestrator.Configuration;

namespace DeployCode.Orchestrator.Runtime;

/// <summary>
/// The local binaries process mode runs the infrastructure from, looked for before anything starts. Each is required
/// only by the AppHost that adds what runs from it: one without PostgreSQL runs on a machine without it.
/// </summary>
internal sealed record ProcessModeBinaries(string? Postgres, string? Initdb, string? RedisServer, string? Prometheus, string? Alertmanager)
{
    /// <summary>Looks for every binary; what is missing is said only when something needs it.</summary>
    public static ProcessModeBinaries Find(BinaryLocator locator)
    {
        ArgumentNullException.ThrowIfNull(locator);
        var postgres = locator.Find("postgres");
        // Debian names Alertmanager's binary after its package; upstream's archive calls it alertmanager.
        return new ProcessModeBinaries(postgres, postgres is null ? null : Sibling(postgres, "initdb"), locator.Find("redis-server"), locator.Find("prometheus"),
            locator.Find("prometheus-alertmanager") ?? locator.Find("alertmanager"));
    }

    /// <summary>Finds every binary, or throws the error that lists each missing one (<see cref="Missing"/>).</summary>
    public static ProcessModeBinaries Resolve(BinaryLocator locator)
    {
        var binaries = Find(locator);
        return binaries.MissingOnes().Count == 0 ? binaries : throw binaries.Missing();
    }

    /// <summary>PostgreSQL's server and its initdb, of the same version.</summary>
    public (string Postgres, string Initdb) RequirePostgres() => Postgres is { } postgres && Initdb is { } initdb ? (postgres, initdb) : throw Missing();

    /// <summary>redis-server.</summary>
    public string RequireRedis() => RedisServer ?? throw Missing();

    /// <summary>prometheus.</summary>
    public string RequirePrometheus() => Prometheus ?? throw Missing();

    /// <summary>prometheus-alertmanager (Debian's name) or alertmanager.</summary>
    public string RequireAlertmanager() => Alertmanager ?? throw Missing();

    /// <summary>
    /// The error for a binary that is needed and missing: it lists each missing one with the package that brings it and
    /// the other way out, so that a user fixes all of it in one go.
    /// </summary>
    public DeployCodeConfigurationException Missing() => new(
        "Process mode runs the infrastructure from local binaries, and these are not installed:" + Environment.NewLine +
        string.Concat(MissingOnes().Select(line => $"  - {line}{Environment.NewLine}")) +
        "Install them (./deploy-code prereqs installs all of them), or start Docker or Podman and run with " +
        "DeployCode:Runtime=auto (the default) or container. Nothing was started.");

    private List<string> MissingOnes()
    {
        var missing = new List<string>();
        if (Postgres is null || Initdb is null)
        {
            missing.Add("PostgreSQL (postgres and initdb): sudo apt-get install postgresql");
        }

        if (RedisServer is null)
        {
            missing.Add("Redis (redis-server): sudo apt-get install redis-server");
        }

        if (Prometheus is null)
        {
            missing.Add("Prometheus (prometheus): sudo apt-get install prometheus");
        }

        if (Alertmanager is null)
        {
            missing.Add("Alertmanager (prometheus-alertmanager): sudo apt-get install prometheus-alertmanager");
        }

        return missing;
    }

    // initdb must come from the same PostgreSQL version as the server it prepares the data folder for.
    private static string? Sibling(string binary, string name)
    {
        var candidate = Path.Combine(Path.GetDirectoryName(binary)!, name);
        return File.Exists(candidate) ? candidate : null;
    }
}
