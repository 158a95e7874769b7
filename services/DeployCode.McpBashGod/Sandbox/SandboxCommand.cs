using System.Globalization;

namespace DeployCode.McpBashGod.Sandbox;

/// <summary>
/// The command line that runs a program in a session's sandbox: as the session's user when the service is root
/// (<c>setpriv</c>), under the CPU, memory, file-size and process limits (<c>prlimit</c>), in bubblewrap with its own
/// user, pid, network, ipc, uts and cgroup namespaces. It sees <c>/usr</c> read-only, a few files of <c>/etc</c>
/// (its own passwd, group and hosts; the loader cache, name service switch, alternatives, CA certificates, time zone,
/// os-release), a private <c>/tmp</c>, its own <c>/proc</c> and a minimal <c>/dev</c>, and its session folder, the
/// only place it can write that outlives it. The environment is cleared. When the program ends, the sandbox's first
/// process ends and the kernel kills everything else in its pid namespace; when this service kills bubblewrap, or
/// dies, the sandbox dies with it.
/// </summary>
internal static class SandboxCommand
{
    /// <summary>The files of the host's <c>/etc</c> a sandbox sees, read-only, where this machine has them.</summary>
    public static readonly IReadOnlyList<string> HostEtcFiles =
        ["/etc/ld.so.cache", "/etc/nsswitch.conf", "/etc/alternatives", "/etc/ssl/certs", "/etc/localtime", "/etc/os-release"];

    /// <summary>
    /// The program and its arguments, <paramref name="program"/> run in <paramref name="session"/>'s sandbox; with a
    /// <c>/proc</c> of its own when <paramref name="ownProc"/>, else with none (see <see cref="SandboxState"/>).
    /// </summary>
    public static IReadOnlyList<string> For(Session session, BashGodOptions settings, IReadOnlyList<string> program, bool ownProc)
    {
        var uid = session.Uid.ToString(CultureInfo.InvariantCulture);
        var argv = new List<string>();
        if (SessionFolders.SwitchesUser)
        {
            argv.AddRange(["setpriv", $"--reuid={uid}", $"--regid={uid}", "--clear-groups", "--no-new-privs", "--"]);
        }

        argv.AddRange(
        [
            "prlimit", $"--cpu={settings.MaxCpuSeconds}", $"--as={(long)settings.MaxMemoryMb * 1024 * 1024}",
            $"--fsize={(long)settings.MaxFileMb * 1024 * 1024}", $"--nproc={settings.MaxProcesses}", "--",
            "bwrap", "--unshare-all", "--die-with-parent", "--new-session", "--uid", uid, "--gid", uid, "--hostname", "sandbox",
        ]);
        if (settings.Network == BashGodOptions.NetworkHost)
        {
            argv.AddRange(["--share-net", "--ro-bind-try", "/etc/resolv.conf", "/etc/resolv.conf"]);
        }

        argv.AddRange(["--ro-bind", "/usr", "/usr", "--symlink", "usr/bin", "/bin", "--symlink", "usr/sbin", "/sbin", "--symlink", "usr/lib", "/lib"]);
        if (Directory.Exists("/usr/lib64"))
        {
            argv.AddRange(["--symlink", "usr/lib64", "/lib64"]);
        }

        foreach (var file in HostEtcFiles)
        {
            argv.AddRange(["--ro-bind-try", file, file]);
        }

        foreach (var file in new[] { "passwd", "group", "hosts" })
        {
            argv.AddRange(["--ro-bind", Path.Combine(session.EtcFolder, file), $"/etc/{file}"]);
        }

        // /tmp before the session folder: a work root under /tmp (as in the tests) stays visible through it.
        argv.AddRange(
        [
            "--size", ((long)settings.MaxTmpMb * 1024 * 1024).ToString(CultureInfo.InvariantCulture), "--tmpfs", "/tmp",
            "--dev", "/dev",
        ]);
        if (ownProc)
        {
            argv.AddRange(["--proc", "/proc"]);
        }

        argv.AddRange(
        [
            "--bind", session.Folder, session.Folder,
            "--remount-ro", "/",
            "--chdir", session.Folder,
            "--clearenv",
            "--setenv", "PATH", "/usr/local/bin:/usr/bin:/bin",
            "--setenv", "HOME", session.Folder,
            "--setenv", "USER", "sandbox",
            "--setenv", "LOGNAME", "sandbox",
            "--setenv", "LANG", "C.UTF-8",
            "--setenv", "TERM", "dumb",
            "--setenv", "TMPDIR", "/tmp",
            "--",
        ]);
        argv.AddRange(program);
        return argv;
    }
}
