using System.Text;

namespace DeployCode.McpFilesystem.Files;

/// <summary>
/// Reading and writing whole files within the size limit; writes are atomic (a temporary file, then rename). A file
/// read is checked once open (<see cref="AllowedRoots.RequireOpenedInside"/>), and a write happens relative to its
/// folder, opened and checked once (<see cref="FolderHandle"/>): nothing outside the roots is read or written, even
/// when a folder is swapped for a link after the path was checked.
/// </summary>
internal static class FileContent
{
    public static async Task<string> ReadAsync(AllowedRoots roots, string path, string requested, long limit, CancellationToken cancellationToken)
    {
        if (Directory.Exists(path))
        {
            throw new ToolRefusal($"{requested} is a directory: use list_directory.");
        }

        // Hard links are refused on the open file (RequireOpenedInside), which is the file that is read.
        return await Reported(requested, async () =>
        {
            await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, FileOptions.Asynchronous);
            roots.RequireOpenedInside(stream.SafeFileHandle, requested);
            if (stream.Length > limit)
            {
                throw new ToolRefusal($"{requested} is {stream.Length} bytes; files over {limit} bytes are not read.");
            }

            using var reader = new StreamReader(stream, Encoding.UTF8);
            return await reader.ReadToEndAsync(cancellationToken);
        });
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
    public static async Task WriteAtomicallyAsync(AllowedRoots roots, string path, string requested, string content, long limit, CancellationToken cancellationToken)
    {
        if (Directory.Exists(path))
        {
            throw new ToolRefusal($"{requested} is a directory.");
        }

        var bytes = Encoding.UTF8.GetBytes(content);
        if (bytes.LongLength > limit)
        {
            throw new ToolRefusal($"The content is {bytes.LongLength} bytes; files over {limit} bytes are not written.");
        }

        await Reported(requested, () =>
        {
            // Inside the report: the file may vanish between the path's check and this one.
            AllowedRoots.RequireSingleName(path, requested);
            return ReplaceAsync(roots, path, requested, bytes, cancellationToken);
        });
    }

    /// <summary>
    /// Writes a temporary file in the target's folder and renames it over the target, all relative to the folder
    /// opened and checked once: a folder swapped for a link meanwhile leads nothing outside the roots.
    /// </summary>
    private static async Task<bool> ReplaceAsync(AllowedRoots roots, string path, string requested, byte[] bytes, CancellationToken cancellationToken)
    {
        using var folder = FolderHandle.Open(Path.GetDirectoryName(path)!);
        roots.RequireFolderInside(folder.Handle, requested);
        var name = Path.GetFileName(path);
        var temporary = $".{name}.{Guid.NewGuid():N}.tmp";
        var renamed = false;
        try
        {
            await using (var stream = new FileStream(folder.CreateNew(temporary), FileAccess.Write, 81920, isAsync: false))
            {
                using (var replaced = folder.OpenExisting(name))
                {
                    if (replaced is not null)
                    {
                        // The new file keeps the permissions of the one it replaces.
                        File.SetUnixFileMode(stream.SafeFileHandle, File.GetUnixFileMode(replaced));
                    }
                }

                await stream.WriteAsync(bytes, cancellationToken);
                await stream.FlushAsync(cancellationToken);
                stream.Flush(flushToDisk: true);
            }

            folder.Rename(temporary, name);
            renamed = true;
            return true;
        }
        finally
        {
            if (!renamed)
            {
                folder.Remove(temporary);
            }
        }
    }
}
