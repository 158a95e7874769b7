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
    public static Task<string> ReadAsync(AllowedRoots roots, string path, string requested, long limit, CancellationToken cancellationToken) =>
        ReadOpenedAsync(roots, path, requested, async stream =>
        {
            if (stream.Length > limit)
            {
                throw new ToolRefusal($"{requested} is {stream.Length} bytes; files over {limit} bytes are not read.");
            }

            using var reader = new StreamReader(stream, Encoding.UTF8);
            return await reader.ReadToEndAsync(cancellationToken);
        });

    /// <summary>The whole file as bytes, within the limit.</summary>
    public static async Task<byte[]> ReadBytesAsync(AllowedRoots roots, string path, string requested, long limit, CancellationToken cancellationToken)
    {
        byte[] bytes = [];
        await ReadOpenedAsync(roots, path, requested, async stream =>
        {
            if (stream.Length > limit)
            {
                throw new ToolRefusal($"{requested} is {stream.Length} bytes; files over {limit} bytes are not read.");
            }

            bytes = new byte[stream.Length];
            await stream.ReadExactlyAsync(bytes, cancellationToken);
            return "";
        });
        return bytes;
    }

    /// <summary>
    /// The first <paramref name="lines"/> lines, read only as far as they go: a large log's head costs its head. What
    /// comes back is still within the limit.
    /// </summary>
    public static Task<string> ReadHeadAsync(AllowedRoots roots, string path, string requested, int lines, long limit, CancellationToken cancellationToken) =>
        ReadOpenedAsync(roots, path, requested, async stream =>
        {
            using var reader = new StreamReader(stream, Encoding.UTF8);
            var text = new StringBuilder();
            for (var count = 0; count < lines && await reader.ReadLineAsync(cancellationToken) is { } line; count++)
            {
                text.Append(count == 0 ? "" : "\n").Append(line);
                RequireWithin(text.Length, requested, limit);
            }

            return text.ToString();
        });

    /// <summary>The last <paramref name="lines"/> lines, read from the end backwards in blocks until enough are found.</summary>
    public static Task<string> ReadTailAsync(AllowedRoots roots, string path, string requested, int lines, long limit, CancellationToken cancellationToken) =>
        ReadOpenedAsync(roots, path, requested, async stream =>
        {
            var start = await TailStartAsync(stream, lines, cancellationToken);
            RequireWithin(stream.Length - start, requested, limit);
            stream.Position = start;
            using var reader = new StreamReader(stream, Encoding.UTF8);
            return (await reader.ReadToEndAsync(cancellationToken)).Replace("\r\n", "\n", StringComparison.Ordinal);
        });

    // Where the last lines begin: just after the line break that precedes them, or the start of the file.
    private static async Task<long> TailStartAsync(FileStream stream, int lines, CancellationToken cancellationToken)
    {
        const int Block = 64 * 1024;
        var buffer = new byte[Block];
        var end = stream.Length;
        // A final line break ends the last line; it does not start another.
        var wanted = lines + (end > 0 && await ByteAtAsync(stream, end - 1, cancellationToken) == '\n' ? 1 : 0);
        var newlines = 0;
        while (end > 0)
        {
            var size = (int)Math.Min(Block, end);
            stream.Position = end - size;
            await stream.ReadExactlyAsync(buffer.AsMemory(0, size), cancellationToken);
            for (var i = size - 1; i >= 0; i--)
            {
                if (buffer[i] == '\n' && ++newlines == wanted)
                {
                    return end - size + i + 1;
                }
            }

            end -= size;
        }

        return 0;
    }

    // Opened once and checked as opened (RequireOpenedInside): hard links are refused on the file that is read.
    private static async Task<string> ReadOpenedAsync(AllowedRoots roots, string path, string requested, Func<FileStream, Task<string>> read)
    {
        if (Directory.Exists(path))
        {
            throw new ToolRefusal($"{requested} is a directory: use list_directory.");
        }

        return await Reported(requested, async () =>
        {
            await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, FileOptions.Asynchronous);
            roots.RequireOpenedInside(stream.SafeFileHandle, requested);
            return await read(stream);
        });
    }

    private static async Task<int> ByteAtAsync(FileStream stream, long position, CancellationToken cancellationToken)
    {
        var one = new byte[1];
        stream.Position = position;
        await stream.ReadExactlyAsync(one, cancellationToken);
        return one[0];
    }

    private static void RequireWithin(long length, string requested, long limit)
    {
        if (length > limit)
        {
            throw new ToolRefusal($"The lines asked for of {requested} are over {limit} bytes; ask for fewer.");
        }
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
