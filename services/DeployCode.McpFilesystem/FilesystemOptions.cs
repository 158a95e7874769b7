namespace DeployCode.McpFilesystem;

/// <summary>The <c>Filesystem</c> section of mcp-filesystem.</summary>
public sealed class FilesystemOptions
{
    /// <summary>The section the options bind to.</summary>
    public const string SectionName = "Filesystem";

    /// <summary>The folders the tools are confined to (<c>Filesystem__Roots__0=/path</c>, <c>__1</c>, …).</summary>
    public IList<string> Roots { get; } = [];

    /// <summary>The largest file read or written, in bytes (10 MB).</summary>
    public long MaxFileBytes { get; set; } = 10 * 1024 * 1024;
}
