using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace DeployCode.McpFilesystem.Files;

/// <summary>
/// An open folder, and names created, renamed and removed relative to it (openat, renameat, unlinkat): once the folder
/// is open and checked, no later change to the path that led to it moves a write elsewhere. .NET has no such API.
/// </summary>
internal sealed partial class FolderHandle : IDisposable
{
    private const int ReadOnly = 0, WriteOnly = 1, Create = 0x40, Exclusive = 0x80, CloseOnExec = 0x80000;

    private FolderHandle(SafeFileHandle handle) => Handle = handle;

    public SafeFileHandle Handle { get; }

    // The two flags whose values differ between x86-64 and arm64 Linux.
    private static int Directory => RuntimeInformation.ProcessArchitecture == Architecture.X64 ? 0x10000 : 0x4000;

    private static int NoFollow => RuntimeInformation.ProcessArchitecture == Architecture.X64 ? 0x20000 : 0x8000;

    /// <summary>Opens the folder <paramref name="path"/>; its last name must not be a symbolic link.</summary>
    public static FolderHandle Open(string path) =>
        new(Checked(OpenPath(path, ReadOnly | Directory | NoFollow | CloseOnExec, 0), $"open the folder {path}"));

    /// <summary>Creates <paramref name="name"/> in the folder for writing; fails if anything (a link included) has that name.</summary>
    public SafeFileHandle CreateNew(string name) =>
        Checked(OpenAt(Handle, name, WriteOnly | Create | Exclusive | NoFollow | CloseOnExec, 0b110_110_110), $"create {name}");

    /// <summary>The file <paramref name="name"/> in the folder for reading, never through a link; null if there is none.</summary>
    public SafeFileHandle? OpenExisting(string name)
    {
        var handle = OpenAt(Handle, name, ReadOnly | NoFollow | CloseOnExec, 0);
        if (!handle.IsInvalid)
        {
            return handle;
        }

        handle.Dispose();
        return null;
    }

    /// <summary>Gives <paramref name="from"/> the name <paramref name="to"/> in this folder, replacing what had it, at once.</summary>
    public void Rename(string from, string to)
    {
        if (RenameAt(Handle, from, Handle, to) != 0)
        {
            throw Failure($"rename {from} to {to}");
        }
    }

    /// <summary>Removes <paramref name="name"/> from the folder if it is there.</summary>
    public void Remove(string name) => _ = UnlinkAt(Handle, name, 0);

    public void Dispose() => Handle.Dispose();

    private static SafeFileHandle Checked(SafeFileHandle handle, string what)
    {
        if (handle.IsInvalid)
        {
            var failure = Failure(what);
            handle.Dispose();
            throw failure;
        }

        return handle;
    }

    private static IOException Failure(string what) => new($"Cannot {what}: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}.");

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial SafeFileHandle OpenPath(string path, int flags, int mode);

    [LibraryImport("libc", EntryPoint = "openat", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial SafeFileHandle OpenAt(SafeFileHandle folder, string name, int flags, int mode);

    [LibraryImport("libc", EntryPoint = "renameat", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int RenameAt(SafeFileHandle fromFolder, string from, SafeFileHandle toFolder, string to);

    [LibraryImport("libc", EntryPoint = "unlinkat", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int UnlinkAt(SafeFileHandle folder, string name, int flags);
}
