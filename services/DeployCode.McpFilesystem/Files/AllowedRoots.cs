namespace DeployCode.McpFilesystem.Files;

/// <summary>
/// The folders the tools are confined to. Every path a tool is given is resolved the way the kernel will resolve it
/// (every <c>..</c> and symbolic link, through realpath) before it is compared with the roots, so neither <c>..</c>,
/// an absolute path, a symbolic link (to a file or a folder, anywhere on the way) nor a look-alike prefix
/// (<c>/data-evil</c> next to <c>/data</c>) reaches outside them. Files with more than one name (hard links) are
/// refused: the other name may be outside.
/// </summary>
internal sealed class AllowedRoots
{
    private readonly IReadOnlyList<string> _roots;

    public AllowedRoots(IEnumerable<string> roots)
    {
        _roots = [.. roots.Select(root =>
        {
            Directory.CreateDirectory(root);
            return UnixFiles.RealPath(root) ?? throw new InvalidOperationException($"Filesystem:Roots: {root} cannot be resolved.");
        })];
        if (_roots.Count == 0)
        {
            throw new InvalidOperationException("Filesystem:Roots must name at least one folder (Filesystem__Roots__0=/path).");
        }
    }

    /// <summary>The roots, resolved.</summary>
    public IReadOnlyList<string> Roots => _roots;

    /// <summary>An existing file or folder inside the roots.</summary>
    public string Existing(string requested)
    {
        var full = Lexical(requested);
        var real = UnixFiles.RealPath(full) ?? throw new ToolRefusal($"{requested} does not exist.");
        return Inside(real, requested);
    }

    /// <summary>A path to create (or replace): its folder must exist inside the roots; the name must not be a link out.</summary>
    public string ToCreate(string requested)
    {
        var full = Lexical(requested);
        if (UnixFiles.RealPath(full) is { } existing)
        {
            return Inside(existing, requested);
        }

        var parent = Path.GetDirectoryName(full) ?? throw new ToolRefusal($"{requested} has no parent folder.");
        var realParent = UnixFiles.RealPath(parent) ?? throw new ToolRefusal($"The folder of {requested} does not exist: create it first (create_directory).");
        // A dangling symbolic link at the name would be followed on write: refuse it.
        if (new FileInfo(full).LinkTarget is not null)
        {
            throw new ToolRefusal($"{requested} is a symbolic link to something that does not exist.");
        }

        return Path.Combine(Inside(realParent, requested), Path.GetFileName(full));
    }

    /// <summary>A folder to create with its missing parents: the deepest existing ancestor must be inside the roots.</summary>
    public string FolderToCreate(string requested)
    {
        var full = Lexical(requested);
        var ancestor = full;
        string? real;
        while ((real = UnixFiles.RealPath(ancestor)) is null)
        {
            ancestor = Path.GetDirectoryName(ancestor) ?? throw new ToolRefusal($"{requested} has no existing parent folder.");
        }

        Inside(real, requested);
        return Path.Combine(real, Path.GetRelativePath(ancestor, full));
    }

    /// <summary>Refuses a file that has other names (hard links), since one of them may be outside the roots.</summary>
    public static void RequireSingleName(string path, string requested)
    {
        if (File.Exists(path) && UnixFiles.LinkCount(path) > 1)
        {
            throw new ToolRefusal($"{requested} has other names (hard links), which may be outside the allowed directories: refused.");
        }
    }

    /// <summary>
    /// Refuses an open file that is outside the roots or has other names. Checked on the open file itself, so a folder
    /// or link swapped between the path's check and the open (a race another process can win) does not lead outside.
    /// </summary>
    public void RequireOpenedInside(Microsoft.Win32.SafeHandles.SafeFileHandle handle, string requested)
    {
        if (!IsOpenedInside(handle))
        {
            throw new ToolRefusal($"{requested} led outside the allowed directories when it was opened (a folder or link changed meanwhile): refused.");
        }

        if (UnixFiles.LinkCount(handle) > 1)
        {
            throw new ToolRefusal($"{requested} has other names (hard links), which may be outside the allowed directories: refused.");
        }
    }

    /// <summary>Refuses an open folder that is outside the roots (it was reached through a link swapped in meanwhile).</summary>
    public void RequireFolderInside(Microsoft.Win32.SafeHandles.SafeFileHandle folder, string requested)
    {
        if (!IsOpenedInside(folder))
        {
            throw new ToolRefusal($"The folder of {requested} led outside the allowed directories when it was opened (a folder or link changed meanwhile): refused.");
        }
    }

    // Where the kernel says the open file or folder is now, whatever its path led to when it was checked.
    private bool IsOpenedInside(Microsoft.Win32.SafeHandles.SafeFileHandle handle) => UnixFiles.PathOf(handle) is { } opened && IsInside(opened);

    public bool IsInside(string realPath) => _roots.Any(root => realPath == root || realPath.StartsWith(root.TrimEnd('/') + "/", StringComparison.Ordinal));

    private string Lexical(string requested)
    {
        if (string.IsNullOrWhiteSpace(requested))
        {
            throw new ToolRefusal("A path is required.");
        }

        if (requested.Contains('\0', StringComparison.Ordinal))
        {
            throw new ToolRefusal("A path cannot contain a NUL character.");
        }

        // Relative paths are taken from the first root, as a user of a single allowed folder would expect.
        var full = Path.GetFullPath(Path.IsPathRooted(requested) ? requested : Path.Combine(_roots[0], requested));
        return full.Length > 1 ? full.TrimEnd('/') : full;
    }

    private string Inside(string realPath, string requested) => IsInside(realPath)
        ? realPath
        : throw new ToolRefusal($"{requested} is outside the allowed directories ({string.Join(", ", _roots)}).");
}
