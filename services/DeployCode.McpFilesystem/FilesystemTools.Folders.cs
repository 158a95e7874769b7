using System.ComponentModel;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using DeployCode.McpFilesystem.Files;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace DeployCode.McpFilesystem;

// The tools that look at folders and at what is in them.
internal sealed partial class FilesystemTools
{
    // Folders the server may not read are skipped rather than failing the whole listing.
    private static readonly EnumerationOptions s_readable = new() { IgnoreInaccessible = true, AttributesToSkip = 0 };
    private static readonly JsonSerializerOptions s_tree = new() { WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };
    private static readonly string[] s_sizeUnits = ["B", "KB", "MB", "GB", "TB"];

    /// <summary>list_directory.</summary>
    [McpServerTool(Name = "list_directory", Title = "List Directory", ReadOnly = true, OpenWorld = false, UseStructuredContent = true, OutputSchemaType = typeof(TextAnswer))]
    [Description("List the files and directories in a directory, each prefixed with [FILE] or [DIR]. Only works within allowed directories.")]
    public CallToolResult ListDirectory(string path) =>
        TextAnswer.Of(string.Join('\n', Entries(ExistingFolder(path)).Select(entry => $"{Kind(entry)} {entry.Name}")));

    /// <summary>list_directory_with_sizes.</summary>
    [McpServerTool(Name = "list_directory_with_sizes", Title = "List Directory with Sizes", ReadOnly = true, OpenWorld = false, UseStructuredContent = true, OutputSchemaType = typeof(TextAnswer))]
    [Description("List the files and directories in a directory with each file's size, sorted by name or by size (largest first), then the number of files and directories and their combined size. Only works within allowed directories.")]
    public CallToolResult ListDirectoryWithSizes(string path, [Description("Sort entries by name or size")] string sortBy = "name")
    {
        if (sortBy is not ("name" or "size"))
        {
            throw new ToolRefusal($"sortBy must be name or size; got '{sortBy}'.");
        }

        var entries = Entries(ExistingFolder(path)).Select(entry => (entry.Name, IsDirectory: entry is DirectoryInfo, Size: entry is FileInfo file ? SizeOf(file) : 0)).ToList();
        var sorted = sortBy == "size"
            ? entries.OrderByDescending(entry => entry.Size).ThenBy(entry => entry.Name, StringComparer.Ordinal)
            : entries.OrderBy(entry => entry.Name, StringComparer.OrdinalIgnoreCase).ThenBy(entry => entry.Name, StringComparer.Ordinal);
        var lines = sorted.Select(entry => $"{(entry.IsDirectory ? "[DIR]" : "[FILE]")} {entry.Name.PadRight(30)} {(entry.IsDirectory ? "" : FormatSize(entry.Size).PadLeft(10))}").ToList();
        lines.Add("");
        lines.Add($"Total: {entries.Count(entry => !entry.IsDirectory)} files, {entries.Count(entry => entry.IsDirectory)} directories");
        lines.Add($"Combined size: {FormatSize(entries.Sum(entry => entry.Size))}");
        return TextAnswer.Of(string.Join('\n', lines));
    }

    /// <summary>directory_tree.</summary>
    [McpServerTool(Name = "directory_tree", Title = "Directory Tree", ReadOnly = true, OpenWorld = false, UseStructuredContent = true, OutputSchemaType = typeof(TextAnswer))]
    [Description("A recursive tree of a directory as JSON with 2-space indentation: each entry has name and type (file or directory), and each directory a children array, empty or not. Symbolic links are listed, not followed. Only works within allowed directories.")]
    public CallToolResult DirectoryTree(string path, string[]? excludePatterns = null)
    {
        var folder = new DirectoryInfo(ExistingFolder(path));
        // As the reference: a pattern with * matches the path below the folder; a plain name matches that name anywhere.
        var excluded = (excludePatterns ?? []).SelectMany(pattern => pattern.Contains('*', StringComparison.Ordinal)
            ? [new Glob(pattern)]
            : new[] { new Glob(pattern), new Glob($"**/{pattern}"), new Glob($"**/{pattern}/**") }).ToList();
        return TextAnswer.Of(JsonSerializer.Serialize(TreeOf(folder, folder, excluded), s_tree));
    }

    /// <summary>search_files.</summary>
    [McpServerTool(Name = "search_files", Title = "Search Files", ReadOnly = true, OpenWorld = false, UseStructuredContent = true, OutputSchemaType = typeof(TextAnswer))]
    [Description("Recursively find files and directories whose path below the given directory matches a glob: '*.ext' in that directory, '**/*.ext' at any depth. Returns full paths. Only searches within allowed directories.")]
    public CallToolResult SearchFiles(string path, string pattern, string[]? excludePatterns = null)
    {
        var folder = new DirectoryInfo(ExistingFolder(path));
        var glob = new Glob(pattern);
        var excluded = (excludePatterns ?? []).Select(exclude => new Glob(exclude)).ToList();
        var matches = Walk(folder, folder, excluded).Where(entry => glob.Matches(Relative(folder, entry))).Select(entry => entry.FullName).ToList();
        return TextAnswer.Of(matches.Count == 0 ? "No matches found" : string.Join('\n', matches));
    }

    /// <summary>get_file_info.</summary>
    [McpServerTool(Name = "get_file_info", Title = "Get File Info", ReadOnly = true, OpenWorld = false, UseStructuredContent = true, OutputSchemaType = typeof(TextAnswer))]
    [Description("Metadata of a file or directory: size, creation, modification and access times, type and permissions, without reading it. Only works within allowed directories.")]
    public CallToolResult GetFileInfo(string path)
    {
        var target = _roots.Existing(path);
        FileSystemInfo info = Directory.Exists(target) ? new DirectoryInfo(target) : new FileInfo(target);
        var mode = (int)info.UnixFileMode & 0x1FF;
        return TextAnswer.Of(string.Join('\n',
            $"size: {(info is FileInfo file ? file.Length : 0)}",
            $"created: {info.CreationTimeUtc:O}",
            $"modified: {info.LastWriteTimeUtc:O}",
            $"accessed: {info.LastAccessTimeUtc:O}",
            $"isDirectory: {(info is DirectoryInfo).ToString().ToLowerInvariant()}",
            $"isFile: {(info is FileInfo).ToString().ToLowerInvariant()}",
            $"permissions: {Convert.ToString(mode, 8).PadLeft(3, '0')}"));
    }

    /// <summary>list_allowed_directories.</summary>
    [McpServerTool(Name = "list_allowed_directories", Title = "List Allowed Directories", ReadOnly = true, OpenWorld = false, UseStructuredContent = true, OutputSchemaType = typeof(TextAnswer))]
    [Description("The directories this server may read and write; their subdirectories are allowed too.")]
    public CallToolResult ListAllowedDirectories() => TextAnswer.Of($"Allowed directories:\n{string.Join('\n', _roots.Roots)}");

    /// <summary>The reference's sizes: bytes below 1 KB, otherwise two decimals of the largest unit (1.50 KB).</summary>
    internal static string FormatSize(long bytes)
    {
        if (bytes == 0)
        {
            return "0 B";
        }

        var unit = (int)Math.Min(Math.Floor(Math.Log(bytes) / Math.Log(1024)), s_sizeUnits.Length - 1);
        return unit <= 0 ? $"{bytes} B" : string.Create(CultureInfo.InvariantCulture, $"{bytes / Math.Pow(1024, unit):F2} {s_sizeUnits[unit]}");
    }

    private string ExistingFolder(string path)
    {
        var folder = _roots.Existing(path);
        return Directory.Exists(folder) ? folder : throw new ToolRefusal($"{path} is not a directory.");
    }

    private static IEnumerable<FileSystemInfo> Entries(string folder) =>
        new DirectoryInfo(folder).EnumerateFileSystemInfos("*", s_readable).OrderBy(entry => entry.Name, StringComparer.Ordinal);

    private static string Kind(FileSystemInfo entry) => entry is DirectoryInfo ? "[DIR]" : "[FILE]";

    // A link's own size: its target may be outside the roots, where nothing is looked at.
    private static long SizeOf(FileInfo file) => file.LinkTarget is null ? file.Length : 0;

    private static string Relative(DirectoryInfo root, FileSystemInfo entry) => Path.GetRelativePath(root.FullName, entry.FullName).Replace('\\', '/');

    private static bool IsExcluded(DirectoryInfo root, FileSystemInfo entry, List<Glob> excluded) =>
        excluded.Count > 0 && excluded.Any(glob => glob.Matches(Relative(root, entry)));

    // Symbolic links are reported, never entered: a link to a folder outside would otherwise be walked.
    private static IEnumerable<FileSystemInfo> Walk(DirectoryInfo root, DirectoryInfo folder, List<Glob> excluded)
    {
        foreach (var entry in Entries(folder.FullName).Where(entry => !IsExcluded(root, entry, excluded)))
        {
            yield return entry;
            if (entry is DirectoryInfo directory && entry.LinkTarget is null)
            {
                foreach (var inner in Walk(root, directory, excluded))
                {
                    yield return inner;
                }
            }
        }
    }

    private static List<TreeEntry> TreeOf(DirectoryInfo root, DirectoryInfo folder, List<Glob> excluded) =>
        [.. Entries(folder.FullName).Where(entry => !IsExcluded(root, entry, excluded))
            .Select(entry => entry is DirectoryInfo directory
                ? new TreeEntry(entry.Name, "directory", entry.LinkTarget is null ? TreeOf(root, directory, excluded) : [])
                : new TreeEntry(entry.Name, "file", null))];

    private sealed record TreeEntry(
        [property: JsonPropertyName("name")] string Name,
        [property: JsonPropertyName("type")] string Type,
        [property: JsonPropertyName("children")] List<TreeEntry>? Children);
}
