namespace DeployCode.Orchestrator.Runtime;

/// <summary>
/// Finds executables on <c>PATH</c> and in the versioned folders Debian and Ubuntu install PostgreSQL
/// into (<c>/usr/lib/postgresql/&lt;major&gt;/bin</c>, which is not on <c>PATH</c>).
/// </summary>
internal sealed class BinaryLocator(IReadOnlyList<string> searchPath, IReadOnlyList<string> versionedRoots)
{
    /// <summary>This machine's <c>PATH</c> and the distribution's PostgreSQL folder.</summary>
    public static BinaryLocator FromEnvironment() => new(
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries),
        ["/usr/lib/postgresql"]);

    /// <summary>The full path of <paramref name="name"/>, or <see langword="null"/> when it is nowhere to be found.</summary>
    public string? Find(string name)
    {
        foreach (var folder in searchPath)
        {
            var candidate = Path.Combine(folder, name);
            if (IsExecutable(candidate))
            {
                return candidate;
            }
        }

        // Newest major version first: /usr/lib/postgresql/17/bin before /usr/lib/postgresql/15/bin.
        foreach (var root in versionedRoots.Where(Directory.Exists))
        {
            var versions = Directory.GetDirectories(root)
                .Select(folder => (Folder: folder, Version: int.TryParse(Path.GetFileName(folder), out var major) ? major : -1))
                .Where(entry => entry.Version >= 0)
                .OrderByDescending(entry => entry.Version);
            foreach (var (folder, _) in versions)
            {
                var candidate = Path.Combine(folder, "bin", name);
                if (IsExecutable(candidate))
                {
                    return candidate;
                }
            }
        }

        return null;
    }

    private static bool IsExecutable(string path) =>
        File.Exists(path) && (File.GetUnixFileMode(path) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0;
}
