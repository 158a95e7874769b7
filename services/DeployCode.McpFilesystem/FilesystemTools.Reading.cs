using System.ComponentModel;
using DeployCode.McpFilesystem.Files;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace DeployCode.McpFilesystem;

// The tools that read files.
internal sealed partial class FilesystemTools
{
    /// <summary>read_text_file.</summary>
    [McpServerTool(Name = "read_text_file", Title = "Read Text File", ReadOnly = true, OpenWorld = false, UseStructuredContent = true, OutputSchemaType = typeof(TextAnswer))]
    [Description("Read a file as UTF-8 text, whatever its extension. Give head or tail to read only its first or last N lines (read without reading the rest). Only works within allowed directories.")]
    public Task<CallToolResult> ReadTextFileAsync(
        string path,
        [Description("If provided, returns only the last N lines of the file")] int? tail = null,
        [Description("If provided, returns only the first N lines of the file")] int? head = null,
        CancellationToken cancellationToken = default) =>
        ReadTextAsync(path, tail, head, cancellationToken);

    /// <summary>read_file, the reference's deprecated name of read_text_file.</summary>
    [McpServerTool(Name = "read_file", Title = "Read File (Deprecated)", ReadOnly = true, OpenWorld = false, UseStructuredContent = true, OutputSchemaType = typeof(TextAnswer))]
    [Description("Read a file as text. Deprecated: use read_text_file, which this is the same as.")]
    public Task<CallToolResult> ReadFileAsync(
        string path,
        [Description("If provided, returns only the last N lines of the file")] int? tail = null,
        [Description("If provided, returns only the first N lines of the file")] int? head = null,
        CancellationToken cancellationToken = default) =>
        ReadTextAsync(path, tail, head, cancellationToken);

    /// <summary>read_media_file.</summary>
    [McpServerTool(Name = "read_media_file", Title = "Read Media File", ReadOnly = true, OpenWorld = false, UseStructuredContent = true, OutputSchemaType = typeof(MediaAnswer))]
    [Description("Read a file as base64 with its MIME type: an image or audio block for those types, an embedded resource for any other file. Only works within allowed directories.")]
    public async Task<CallToolResult> ReadMediaFileAsync(string path, CancellationToken cancellationToken = default)
    {
        var file = _roots.Existing(path);
        var bytes = await FileContent.ReadBytesAsync(_roots, file, path, Limit, cancellationToken);
        return MediaAnswer.Of(bytes, MediaTypes.Of(file), new Uri(file));
    }

    /// <summary>read_multiple_files.</summary>
    [McpServerTool(Name = "read_multiple_files", Title = "Read Multiple Files", ReadOnly = true, OpenWorld = false, UseStructuredContent = true, OutputSchemaType = typeof(TextAnswer))]
    [Description("Read several files at once. Each file's content is returned with its path; a file that cannot be read does not stop the others. Only works within allowed directories.")]
    public async Task<CallToolResult> ReadMultipleFilesAsync(
        [Description("Array of file paths to read. Each path must be a string pointing to a valid file within allowed directories.")] string[] paths,
        CancellationToken cancellationToken = default)
    {
        if (paths.Length == 0)
        {
            throw new ToolRefusal("At least one file path must be provided.");
        }

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

        return TextAnswer.Of(string.Join("\n---\n", parts));
    }

    private async Task<CallToolResult> ReadTextAsync(string path, int? tail, int? head, CancellationToken cancellationToken)
    {
        if (head is not null && tail is not null)
        {
            throw new ToolRefusal("Cannot specify both head and tail parameters simultaneously");
        }

        if (head < 1 || tail < 1)
        {
            throw new ToolRefusal($"{(head is not null ? "head" : "tail")} counts lines: give 1 or more, or leave it out to read the whole file.");
        }

        var file = _roots.Existing(path);
        return TextAnswer.Of(head is { } first ? await FileContent.ReadHeadAsync(_roots, file, path, first, Limit, cancellationToken)
            : tail is { } last ? await FileContent.ReadTailAsync(_roots, file, path, last, Limit, cancellationToken)
            : await FileContent.ReadAsync(_roots, file, path, Limit, cancellationToken));
    }
}
