using System.Runtime.InteropServices;
using DeployCode.Orchestrator.Configuration;

namespace DeployCode.Orchestrator.Runtime;

/// <summary>
/// A local account that infrastructure runs as. PostgreSQL refuses to run as root, so when the AppHost
/// is root it runs PostgreSQL as an unprivileged account through <c>setpriv</c>.
/// </summary>
internal sealed partial record UnixAccount(string Name, uint UserId, uint GroupId)
{
    /// <summary>Whether this process runs as root (effective user id 0).</summary>
    public static bool CurrentIsRoot => geteuid() == 0;

    /// <summary>Reads the account from <c>/etc/passwd</c>, or explains how to create it.</summary>
    public static UnixAccount Lookup(string name, string passwdPath = "/etc/passwd")
    {
        foreach (var line in File.ReadLines(passwdPath))
        {
            var fields = line.Split(':');
            if (fields.Length >= 4 && fields[0] == name && uint.TryParse(fields[2], out var uid) && uint.TryParse(fields[3], out var gid))
            {
                return new UnixAccount(name, uid, gid);
            }
        }

        throw new DeployCodeConfigurationException(
            $"The account '{name}' (DeployCode:PostgresUser) does not exist. PostgreSQL refuses to run as root, so the AppHost runs it as " +
            $"that account: install the postgresql package (it creates 'postgres'), create the account (useradd --system {name}), " +
            "or set DeployCode:PostgresUser to an existing unprivileged account.");
    }

    /// <summary>Gives <paramref name="path"/> to this account (the data folder must belong to the server's user).</summary>
    public void Own(string path)
    {
        if (chown(path, UserId, GroupId) != 0)
        {
            throw new IOException($"Could not give {path} to {Name}: errno {Marshal.GetLastPInvokeError()}");
        }
    }

    /// <summary>
    /// Checks that this account can reach <paramref name="folder"/> through its parents: a state folder
    /// under <c>/root</c> is closed to it, and PostgreSQL would fail with a less helpful message.
    /// </summary>
    public void EnsureCanReach(string folder)
    {
        for (var parent = Path.GetDirectoryName(Path.GetFullPath(folder)); !string.IsNullOrEmpty(parent); parent = Path.GetDirectoryName(parent))
        {
            if (Directory.Exists(parent) && (File.GetUnixFileMode(parent) & UnixFileMode.OtherExecute) == 0)
            {
                throw new DeployCodeConfigurationException(
                    $"PostgreSQL runs as '{Name}', which cannot enter {parent} on the way to {folder}. Set DeployCode:StateDirectory " +
                    "to a folder outside it (the default for root is /var/lib/deploy-code), or allow entry with chmod o+x.");
            }
        }
    }

    /// <summary>The <c>setpriv</c> arguments that run a command as this account.</summary>
    public IEnumerable<string> SetprivArguments() =>
        [$"--reuid={UserId}", $"--regid={GroupId}", "--init-groups", "--"];

    [LibraryImport("libc", SetLastError = false)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static partial uint geteuid();

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static partial int chown(string path, uint owner, uint group);
}
