using System.ComponentModel;
using System.Globalization;
using System.IO.Enumeration;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using DeployCode.McpFilesystem.Files;
using Microsoft.Extensions.Options;
using ModelContextProtocol.Server;

namespace DeployCode.McpFilesystem;

/// <summary>One replacement of <see cref="FilesystemTools.EditFileAsync"/>: exact text and what replaces it.</summary>
public sealed record EditOperation(
    [property: JsonPropertyName("oldText"), Description("Text to search for: must match exactly")] string OldText,
    [property: JsonPropertyName("newText"), Description("Text to replace it with")] string NewText);

/// <summary>
/// The tools of the reference filesystem MCP server, with its names, arguments and answers, confined to the allowed
/// directories. A refused or failed call comes back as a tool error whose message says why.
/// </summary>
[McpServerToolType]
internal sealed class FilesystemTools(AllowedRoots roots, IOptions<FilesystemOptions> options)
{
    // Folders the server may not read are skipped rather than failing the whole listing.
    private static readonly EnumerationOptions s_readable = new() { IgnoreInaccessible = true, AttributesToSkip = 0 };
    private static readonly JsonSerializerOptions s_tree = new() { WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    private readonly AllowedRoots _roots = roots;
    private long Limit => options.Value.MaxFileBytes;

    /// <summary>read_file.</summary>
    [McpServerTool(Name = "read_file", ReadOnly = true), Description("Read the complete contents of a file as text. Use head or tail to read only the first or last N lines. Only works within allowed directories.")]
    public async Task<string> ReadFileAsync(
        [Description("Path of the file")] string path,
        [Description("If provided, returns only the first N lines")] int? head = null,
        [Description("If provided, returns only the last N lines")] int? tail = null,
        CancellationToken cancellationToken = default)
    {
        if (head is not null && tail is not null)
        {
            throw new ToolRefusal("Give head or tail, not both.");
        }

        var text = await FileContent.ReadAsync(_roots, _roots.Existing(path), path, Limit, cancellationToken);
        if (head is null && tail is null)
        {
            return text;
        }

        var lines = text.Split('\n');
        return string.Join('\n', head is { } first ? lines.Take(Math.Max(0, first)) : lines.TakeLast(Math.Max(0, tail!.Value)));
    }

    /// <summary>read_multiple_files.</summary>
    [McpServerTool(Name = "read_multiple_files", ReadOnly = true), Description("Read several files at once. Each file's content is returned with its path; a file that cannot be read does not stop the others.")]
    public async Task<string> ReadMultipleFilesAsync([Description("Paths of the files")] string[] paths, CancellationToken cancellationToken = default)
    {
        var parts = new List<string>();
        foreach (var path in paths)
        {
            try
            {
                parts.Add($"{path}:\n{await FileContent.ReadAsync(_roots, _roots.Existing(path), path, Limit, cancellationToken)}\n");
            }
            catch (Exception exception) when (exception is ToolRefusal or IOException or UnauthorizedAccessException)
            {
                parts.Add($"{path}: Error - {exception.Message}");
            }
        }

        return string.Join("\n---\n", parts);
    }

    /// <summary>write_file.</summary>
    [McpServerTool(Name = "write_file", Destructive = true), Description("Create a new file or completely overwrite an existing file with new content. The write is atomic. Only works within allowed directories.")]
    public async Task<string> WriteFileAsync(
        [Description("Path of the file")] string path,
        [Description("The whole new content")] string content,
        CancellationToken cancellationToken = default)
    {
        await FileContent.WriteAtomicallyAsync(_roots, _roots.ToCreate(path), path, content, Limit, cancellationToken);
        return $"Successfully wrote to {path}";
    }

    /// <summary>edit_file.</summary>
    [McpServerTool(Name = "edit_file", Destructive = true), Description("Make exact text replacements in a file, in order. Returns a git-style diff of the changes. With dryRun the diff is returned and nothing is written.")]
    public async Task<string> EditFileAsync(
        [Description("Path of the file")] string path,
        [Description("Replacements to make, in order")] EditOperation[] edits,
        [Description("Preview the changes as a diff without writing them")] bool dryRun = false,
        CancellationToken cancellationToken = default)
    {
        var file = _roots.Existing(path);
        var before = await FileContent.ReadAsync(_roots, file, path, Limit, cancellationToken);
        var after = before;
        foreach (var edit in edits)
        {
            var at = after.IndexOf(edit.OldText, StringComparison.Ordinal);
            if (string.IsNullOrEmpty(edit.OldText) || at < 0)
            {
                throw new ToolRefusal($"Could not find exact match for edit:\n{edit.OldText}");
            }

            after = string.Concat(after.AsSpan(0, at), edit.NewText, after.AsSpan(at + edit.OldText.Length));
        }

        var diff = LineDiff.Unified(path, before, after);
        if (!dryRun)
        {
            await FileContent.WriteAtomicallyAsync(_roots, file, path, after, Limit, cancellationToken);
        }

        return $"```diff\n{diff}```\n\n";
    }

    /// <summary>create_directory.</summary>
    [McpServerTool(Name = "create_directory"), Description("Create a directory, with any missing parents; succeeds silently if it exists. Only works within allowed directories.")]
    public string CreateDirectory([Description("Path of the directory")] string path)
    {
        var folder = _roots.FolderToCreate(path);
        Reported(path, () => Directory.CreateDirectory(folder));
        return $"Successfully created directory {path}";
    }

    /// <summary>list_directory.</summary>
    [McpServerTool(Name = "list_directory", ReadOnly = true), Description("List the files and directories in a directory, each prefixed with [FILE] or [DIR].")]
    public string ListDirectory([Description("Path of the directory")] string path)
    {
        var folder = ExistingFolder(path);
        return string.Join('\n', new DirectoryInfo(folder).EnumerateFileSystemInfos("*", s_readable).OrderBy(entry => entry.Name, StringComparer.Ordinal)
            .Select(entry => $"{(entry is DirectoryInfo ? "[DIR]" : "[FILE]")} {entry.Name}"));
    }

    /// <summary>directory_tree.</summary>
    [McpServerTool(Name = "directory_tree", ReadOnly = true), Description("A recursive tree of a directory as JSON: each entry has name, type (file or directory) and, for directories, children. Symbolic links are listed, not followed.")]
    public string DirectoryTree(
        [Description("Path of the directory")] string path,
        [Description("Glob patterns of names to leave out")] string[]? excludePatterns = null)
    {
        return JsonSerializer.Serialize(TreeOf(new DirectoryInfo(ExistingFolder(path)), excludePatterns ?? []), s_tree);
    }

    /// <summary>move_file.</summary>
    [McpServerTool(Name = "move_file", Destructive = true), Description("Move or rename a file or directory. Fails if the destination exists. Both paths must be within allowed directories.")]
    public string MoveFile([Description("Path to move")] string source, [Description("Where to move it")] string destination)
    {
        var from = _roots.Existing(source);
        var to = _roots.ToCreate(destination);
        if (File.Exists(to) || Directory.Exists(to))
        {
            throw new ToolRefusal($"{destination} already exists.");
        }

        Reported(source, () =>
        {
            if (Directory.Exists(from))
            {
                Directory.Move(from, to);
            }
            else
            {
                File.Move(from, to);
            }

            return true;
        });
        return $"Successfully moved {source} to {destination}";
    }

    /// <summary>search_files.</summary>
    [McpServerTool(Name = "search_files", ReadOnly = true), Description("Recursively find files and directories whose name contains the pattern (case-insensitive), or matches it when it is a glob (* and ?). Returns full paths.")]
    public string SearchFiles(
        [Description("Directory to search from")] string path,
        [Description("Text or glob to match names against")] string pattern,
        [Description("Glob patterns of names to leave out")] string[]? excludePatterns = null)
    {
        var excluded = excludePatterns ?? [];
        var glob = pattern.Contains('*', StringComparison.Ordinal) || pattern.Contains('?', StringComparison.Ordinal);
        var matches = Walk(new DirectoryInfo(ExistingFolder(path)), excluded)
            .Where(entry => glob
                ? FileSystemName.MatchesSimpleExpression(pattern, entry.Name, ignoreCase: true)
                : entry.Name.Contains(pattern, StringComparison.OrdinalIgnoreCase))
            .Select(entry => entry.FullName)
            .ToList();
        return matches.Count == 0 ? "No matches found" : string.Join('\n', matches);
    }

    /// <summary>get_file_info.</summary>
    [McpServerTool(Name = "get_file_info", ReadOnly = true), Description("Metadata of a file or directory: size, times, type and permissions.")]
    public string GetFileInfo([Description("Path of the file or directory")] string path)
    {
        var target = _roots.Existing(path);
        FileSystemInfo info = Directory.Exists(target) ? new DirectoryInfo(target) : new FileInfo(target);
        var mode = (int)info.UnixFileMode & 0x1FF;
        return string.Join('\n',
            $"size: {(info is FileInfo file ? file.Length : 0)}",
            $"created: {info.CreationTimeUtc:O}",
            $"modified: {info.LastWriteTimeUtc:O}",
            $"accessed: {info.LastAccessTimeUtc:O}",
            $"isDirectory: {(info is DirectoryInfo).ToString().ToLowerInvariant()}",
            $"isFile: {(info is FileInfo).ToString().ToLowerInvariant()}",
            $"permissions: {Convert.ToString(mode, 8).PadLeft(3, '0')}");
    }

    /// <summary>list_allowed_directories.</summary>
    [McpServerTool(Name = "list_allowed_directories", ReadOnly = true), Description("The directories this server may read and write.")]
    public string ListAllowedDirectories() => $"Allowed directories:\n{string.Join('\n', _roots.Roots)}";

    private static T Reported<T>(string requested, Func<T> operation)
    {
        try
        {
            return operation();
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new ToolRefusal($"{requested}: {exception.Message}");
        }
    }

    private string ExistingFolder(string path)
    {
        var folder = _roots.Existing(path);
        return Directory.Exists(folder) ? folder : throw new ToolRefusal($"{path} is not a directory.");
    }

    // Symbolic links are reported, never entered: a link to a folder outside would otherwise be walked.
    private static IEnumerable<FileSystemInfo> Walk(DirectoryInfo folder, string[] excluded)
    {
        foreach (var entry in folder.EnumerateFileSystemInfos("*", s_readable).Where(entry => !IsExcluded(entry.Name, excluded)).OrderBy(entry => entry.Name, StringComparer.Ordinal))
        {
            yield return entry;
            if (entry is DirectoryInfo directory && entry.LinkTarget is null)
            {
                foreach (var inner in Walk(directory, excluded))
                {
                    yield return inner;
                }
            }
        }
    }

    private static List<TreeEntry> TreeOf(DirectoryInfo folder, string[] excluded) =>
        [.. folder.EnumerateFileSystemInfos("*", s_readable).Where(entry => !IsExcluded(entry.Name, excluded)).OrderBy(entry => entry.Name, StringComparer.Ordinal)
            .Select(entry => entry is DirectoryInfo directory
                ? new TreeEntry(entry.Name, "directory", entry.LinkTarget is null ? TreeOf(directory, excluded) : [])
                : new TreeEntry(entry.Name, "file", null))];

    private static bool IsExcluded(string name, string[] patterns) =>
        patterns.Any(pattern => FileSystemName.MatchesSimpleExpression(pattern, name, ignoreCase: false));

    private sealed record TreeEntry(
        [property: JsonPropertyName("name")] string Name,
        [property: JsonPropertyName("type")] string Type,
        [property: JsonPropertyName("children")] List<TreeEntry>? Children);
}
