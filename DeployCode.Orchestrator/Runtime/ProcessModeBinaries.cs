using DeployCode.Orchestrator.Configuration;

namespace DeployCode.Orchestrator.Runtime;

/// <summary>The local binaries process mode runs the infrastructure from, found before anything starts.</summary>
internal sealed record ProcessModeBinaries(string Postgres, string Initdb, string RedisServer, string Prometheus)
{
    /// <summary>
    /// Finds every binary, or throws one error listing each missing one with the package that brings it
    /// and the other way out, so a user fixes all of it in one go.
    /// </summary>
    public static ProcessModeBinaries Resolve(BinaryLocator locator)
    {
        var postgres = locator.Find("postgres");
        var initdb = postgres is null ? null : Sibling(postgres, "initdb");
        var redis = locator.Find("redis-server");
        var prometheus = locator.Find("prometheus");

        var missing = new List<string>();
        if (postgres is null || initdb is null)
        {
            missing.Add("PostgreSQL (postgres and initdb): sudo apt-get install postgresql");
        }

        if (redis is null)
        {
            missing.Add("Redis (redis-server): sudo apt-get install redis-server");
        }

        if (prometheus is null)
        {
            missing.Add("Prometheus (prometheus): sudo apt-get install prometheus");
        }

        if (missing.Count > 0)
        {
            throw new DeployCodeConfigurationException(
                "Process mode runs the infrastructure from local binaries, and these are not installed:" + Environment.NewLine +
                string.Concat(missing.Select(line => $"  - {line}{Environment.NewLine}")) +
                "Install them (./deploy-code prereqs installs all of them), or start Docker or Podman and run with " +
                "DeployCode:Runtime=auto (the default) or container. Nothing was started.");
        }

        return new ProcessModeBinaries(postgres!, initdb!, redis!, prometheus!);
    }

    // initdb must come from the same PostgreSQL version as the server it prepares the data folder for.
    private static string? Sibling(string binary, string name)
    {
        var candidate = Path.Combine(Path.GetDirectoryName(binary)!, name);
        return File.Exists(candidate) ? candidate : null;
    }
}
