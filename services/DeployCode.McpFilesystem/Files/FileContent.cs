using System.Text;

namespace DeployCode.McpFilesystem.Files;

/// <summary>Reading and writing whole files within the size limit; writes are atomic (a temporary file, then rename).</summary>
internal static class FileContent
{
    public static async Task<string> ReadAsync(string path, string requested, long limit, CancellationToken cancellationToken)
    {
        if (Directory.Exists(path))
        {
            throw new ToolRefusal($"{requested} is a directory: use list_directory.");
        }

        AllowedRoots.RequireSingleName(path, requested);
        var size = new FileInfo(path).Length;
        if (size > limit)
        {
            throw new ToolRefusal($"{requested} is {size} bytes; files over {limit} bytes are not read.");
        }

        return await Reported(requested, () => File.ReadAllTextAsync(path, Encoding.UTF8, cancellationToken));
    }

    /// <summary>The file system's own refusals (permissions, a full disk) as tool errors naming the path.</summary>
    public static async Task<T> Reported<T>(string requested, Func<Task<T>> operation)
    {
        try
        {
            return await operation();
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new ToolRefusal($"{requested}: {exception.Message}");
        }
    }

    /// <summary>Readers see the old file or the new one, never half of it; a failure leaves the old one in place.</summary>
    public static async Task WriteAtomicallyAsync(string path, string requested, string content, long limit, CancellationToken cancellationToken)
    {
        if (Directory.Exists(path))
        {
            throw new ToolRefusal($"{requested} is a directory.");
        }

        AllowedRoots.RequireSingleName(path, requested);
        var bytes = Encoding.UTF8.GetBytes(content);
        if (bytes.LongLength > limit)
        {
            throw new ToolRefusal($"The content is {bytes.LongLength} bytes; files over {limit} bytes are not written.");
        }

        var temporary = Path.Combine(Path.GetDirectoryName(path)!, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        await Reported(requested, () => ReplaceAsync(path, temporary, bytes, cancellationToken));
    }

    private static async Task<bool> ReplaceAsync(string path, string temporary, byte[] bytes, CancellationToken cancellationToken)
    {
        try
        {
            await using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, FileOptions.Asynchronous))
            {
                await stream.WriteAsync(bytes, cancellationToken);
                await stream.FlushAsync(cancellationToken);
                stream.Flush(flushToDisk: true);
            }

            if (File.Exists(path))
            {
                // The new file keeps the permissions of the one it replaces.
                File.SetUnixFileMode(temporary, File.GetUnixFileMode(path));
            }

            File.Move(temporary, path, overwrite: true);
            return true;
        }
        finally
        {
            File.Delete(temporary);
        }
    }
}
