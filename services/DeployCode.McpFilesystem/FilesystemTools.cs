using System.ComponentModel;
using System.Text.Json.Serialization;
using DeployCode.McpFilesystem.Files;
using Microsoft.Extensions.Options;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace DeployCode.McpFilesystem;

/// <summary>One replacement of <see cref="FilesystemTools.EditFileAsync"/>: exact text and what replaces it.</summary>
public sealed record EditOperation(
    [property: JsonPropertyName("oldText"), Description("Text to search for - must match exactly")] string OldText,
    [property: JsonPropertyName("newText"), Description("Text to replace with")] string NewText);

/// <summary>
/// The tools of the reference filesystem MCP server (0.6), with its names, arguments, annotations and answers (text,
/// and the same text as structured content), confined to the allowed directories. A refused or failed call comes
/// back as a tool error whose message says why. This file holds the tools that write; the others are beside it.
/// </summary>
[McpServerToolType]
internal sealed partial class FilesystemTools(AllowedRoots roots, IOptions<FilesystemOptions> options)
{
    private readonly AllowedRoots _roots = roots;

    private long Limit => options.Value.MaxFileBytes;

    /// <summary>write_file.</summary>
    [McpServerTool(Name = "write_file", Title = "Write File", Destructive = true, Idempotent = true, OpenWorld = false, UseStructuredContent = true, OutputSchemaType = typeof(TextAnswer))]
    [Description("Create a new file or completely overwrite an existing file with new content, atomically: readers see the old file or the new one. Only works within allowed directories.")]
    public async Task<CallToolResult> WriteFileAsync(string path, string content, CancellationToken cancellationToken = default)
    {
        await FileContent.WriteAtomicallyAsync(_roots, _roots.ToCreate(path), path, content, Limit, cancellationToken);
        return TextAnswer.Of($"Successfully wrote to {path}");
    }

    /// <summary>edit_file.</summary>
    [McpServerTool(Name = "edit_file", Title = "Edit File", Destructive = true, Idempotent = false, OpenWorld = false, UseStructuredContent = true, OutputSchemaType = typeof(TextAnswer))]
    [Description("Make exact text replacements in a file, in order. Returns a git-style diff of the changes. With dryRun the diff is returned and nothing is written. Only works within allowed directories.")]
    public async Task<CallToolResult> EditFileAsync(
        string path,
        EditOperation[] edits,
        [Description("Preview changes using git-style diff format")] bool dryRun = false,
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

        return TextAnswer.Of($"```diff\n{diff}```\n\n");
    }

    /// <summary>create_directory.</summary>
    [McpServerTool(Name = "create_directory", Title = "Create Directory", Destructive = false, Idempotent = true, OpenWorld = false, UseStructuredContent = true, OutputSchemaType = typeof(TextAnswer))]
    [Description("Create a directory, with any missing parents; succeeds silently if it exists. Only works within allowed directories.")]
    public CallToolResult CreateDirectory(string path)
    {
        var folder = _roots.FolderToCreate(path);
        Reported(path, () => Directory.CreateDirectory(folder));
        return TextAnswer.Of($"Successfully created directory {path}");
    }

    /// <summary>move_file.</summary>
    [McpServerTool(Name = "move_file", Title = "Move File", Destructive = true, Idempotent = false, OpenWorld = false, UseStructuredContent = true, OutputSchemaType = typeof(TextAnswer))]
    [Description("Move or rename a file or directory. Fails if the destination exists. Both source and destination must be within allowed directories.")]
    public CallToolResult MoveFile(string source, string destination)
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
        return TextAnswer.Of($"Successfully moved {source} to {destination}");
    }

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
}
