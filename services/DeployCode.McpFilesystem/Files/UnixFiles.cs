using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace DeployCode.McpFilesystem.Files;

/// <summary>
/// The questions .NET does not answer: a path with every symbolic link resolved, a file's link count, and where an
/// open file really is.
/// </summary>
internal static partial class UnixFiles
{
    /// <summary>The canonical absolute path (realpath(3)): every <c>..</c> and symbolic link resolved; null if it does not exist.</summary>
    public static string? RealPath(string path)
    {
        var resolved = NativeRealPath(path, IntPtr.Zero);
        if (resolved == IntPtr.Zero)
        {
            return null;
        }

        try
        {
            return Marshal.PtrToStringUTF8(resolved);
        }
        finally
        {
            Free(resolved);
        }
    }

    /// <summary>How many names the file has (st_nlink of lstat(2)): above one, another name may lie anywhere on the disk.</summary>
    public static long LinkCount(string path)
    {
        var buffer = new byte[256];
        if (LinkStatus(path, buffer) != 0)
        {
            throw new IOException($"Cannot read the status of {path} (errno {Marshal.GetLastPInvokeError()}).");
        }

        return NamesIn(buffer);
    }

    /// <summary>How many names the open file has (st_nlink of fstat(2)).</summary>
    public static long LinkCount(SafeFileHandle handle)
    {
        var buffer = new byte[256];
        if (HandleStatus((int)handle.DangerousGetHandle(), buffer) != 0)
        {
            throw new IOException($"Cannot read the status of an open file (errno {Marshal.GetLastPInvokeError()}).");
        }

        return NamesIn(buffer);
    }

    /// <summary>
    /// The path the kernel gives the open file now (the link <c>/proc/self/fd/N</c>): what was opened, whatever
    /// happened to the path's folders and links between the check and the open.
    /// </summary>
    public static string? PathOf(SafeFileHandle handle) => new FileInfo($"/proc/self/fd/{handle.DangerousGetHandle()}").LinkTarget;

    private static long NamesIn(byte[] buffer)
    {
        // struct stat: x86-64 has st_dev, st_ino, then an 8-byte st_nlink; the generic layout (arm64) has st_dev,
        // st_ino, st_mode, then a 4-byte st_nlink.
        return RuntimeInformation.ProcessArchitecture == Architecture.X64
            ? BitConverter.ToInt64(buffer, 16)
            : BitConverter.ToUInt32(buffer, 20);
    }

    [LibraryImport("libc", EntryPoint = "realpath", StringMarshalling = StringMarshalling.Utf8)]
    private static partial IntPtr NativeRealPath(string path, IntPtr resolved);

    [LibraryImport("libc", EntryPoint = "free")]
    private static partial void Free(IntPtr pointer);

    [LibraryImport("libc", EntryPoint = "lstat", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int LinkStatus(string path, byte[] buffer);

    [LibraryImport("libc", EntryPoint = "fstat", SetLastError = true)]
    private static partial int HandleStatus(int descriptor, byte[] buffer);
}
