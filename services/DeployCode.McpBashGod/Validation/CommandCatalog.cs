namespace DeployCode.McpBashGod.Validation;

/// <summary>The vetted commands and their base risk. A command not listed is High: it runs only when confirmed.</summary>
internal static class CommandCatalog
{
    public static readonly IReadOnlyDictionary<string, CommandRisk> BaseRisk = Build();

    /// <summary>Programs that run another program given in their arguments.</summary>
    public static readonly IReadOnlySet<string> Wrappers = new HashSet<string>(StringComparer.Ordinal)
    {
        "env", "nohup", "nice", "timeout", "stdbuf", "time", "command", "builtin", "busybox", "xargs", "ionice", "chronic", "watch", "exec", "flock",
    };

    /// <summary>Programs that change who runs things.</summary>
    public static readonly IReadOnlySet<string> PrivilegeChangers = new HashSet<string>(StringComparer.Ordinal)
    {
        "sudo", "su", "doas", "pkexec", "runuser", "setpriv", "chroot", "unshare", "nsenter", "capsh", "setcap", "newgrp", "sg",
    };

    /// <summary>Shells and interpreters that run code given as text.</summary>
    public static readonly IReadOnlySet<string> Shells = new HashSet<string>(StringComparer.Ordinal) { "sh", "bash", "dash", "zsh", "ksh", "ash", "csh", "tcsh", "fish", "rbash" };

    public static readonly IReadOnlySet<string> Interpreters = new HashSet<string>(StringComparer.Ordinal)
    {
        "python", "python3", "python2", "perl", "ruby", "node", "nodejs", "php", "lua", "tclsh", "wish", "Rscript", "pwsh", "osascript", "gdb", "expect",
    };

    /// <summary>Never run, whatever their arguments.</summary>
    public static readonly IReadOnlyDictionary<string, string> Forbidden = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["eval"] = "eval runs text as commands",
        ["source"] = "source runs a file as commands",
        ["."] = "'.' runs a file as commands",
        ["shutdown"] = "shuts the machine down",
        ["reboot"] = "reboots the machine",
        ["halt"] = "halts the machine",
        ["poweroff"] = "powers the machine off",
        ["init"] = "changes the run level",
        ["telinit"] = "changes the run level",
        ["fdisk"] = "repartitions a disk",
        ["sfdisk"] = "repartitions a disk",
        ["parted"] = "repartitions a disk",
        ["wipefs"] = "wipes file system signatures",
        ["mkswap"] = "formats a swap area",
        ["swapon"] = "changes swap",
        ["swapoff"] = "changes swap",
        ["mount"] = "mounts file systems",
        ["umount"] = "unmounts file systems",
        ["useradd"] = "creates accounts",
        ["userdel"] = "deletes accounts",
        ["usermod"] = "changes accounts",
        ["passwd"] = "changes passwords",
        ["chpasswd"] = "changes passwords",
        ["visudo"] = "changes sudo rights",
        ["iptables"] = "changes the firewall",
        ["ip6tables"] = "changes the firewall",
        ["nft"] = "changes the firewall",
        ["insmod"] = "loads kernel modules",
        ["rmmod"] = "unloads kernel modules",
        ["modprobe"] = "loads kernel modules",
        ["sysctl"] = "changes kernel settings",
        ["shred"] = "destroys file contents beyond recovery",
        ["history"] = "reads the shell history (secrets typed earlier)",
        // The sandbox ends a command with its session, group and descendants; these detach from all three.
        ["setsid"] = "starts a session of its own, out of the sandbox's reach: it could outlive the command's time limit",
        ["disown"] = "keeps a job running after the command ends",
        ["daemonize"] = "detaches a program to run on after the command ends",
        ["start-stop-daemon"] = "detaches a program to run on after the command ends",
        ["systemd-run"] = "starts a program outside the sandbox, under systemd",
        ["screen"] = "starts a session that outlives the command",
        ["tmux"] = "starts a session that outlives the command",
    };

    private static Dictionary<string, CommandRisk> Build()
    {
        var risks = new Dictionary<string, CommandRisk>(StringComparer.Ordinal);
        void Add(CommandRisk risk, params string[] names)
        {
            foreach (var name in names)
            {
                risks[name] = risk;
            }
        }

        Add(CommandRisk.Safe, "echo", "printf", "pwd", "date", "whoami", "id", "uname", "hostname", "true", "false", "test", "[", "seq", "sleep",
            "yes", "basename", "dirname", "realpath", "readlink", "which", "type", "printenv", "expr", "cal", "uptime", "nproc", "arch", "locale",
            "groups", "cat", "head", "tail", "wc", "sort", "uniq", "cut", "tr", "grep", "egrep", "fgrep", "rg", "diff", "cmp", "comm", "paste",
            "join", "fold", "fmt", "nl", "od", "xxd", "hexdump", "strings", "file", "stat", "ls", "tree", "du", "df", "free", "ps", "jq", "column",
            "rev", "tac", "md5sum", "sha1sum", "sha256sum", "sha512sum", "base64", "find", "awk", "gawk", "mawk", "sed", "less", "more", "lscpu",
            "env", "bc", "numfmt", "shuf", "tee", "sum", "cksum", "look", "yq", "cd", "vmstat", "iostat", "lsblk", "read", "break", "continue");
        Add(CommandRisk.Low, "mkdir", "touch", "tar", "gzip", "gunzip", "zip", "unzip", "bzip2", "xz", "unxz", "zcat", "ping", "export",
            "unset", "git", "cp", "split", "csplit", "truncate", "ln", "mktemp", "install");
        Add(CommandRisk.Medium, "mv", "rm", "rmdir", "chmod", "curl", "wget", "kill", "make", "dotnet", "npm", "npx", "pip", "pip3", "cargo",
            "go", "mvn", "gradle", "dd", "rsync", "alias", "node-gyp", "patch", "chgrp");
        Add(CommandRisk.High, "chown", "nc", "ncat", "netcat", "socat", "telnet", "ssh", "scp", "sftp", "ftp", "pkill", "killall", "systemctl",
            "service", "crontab", "at", "apt", "apt-get", "dpkg", "dnf", "yum", "snap", "docker", "podman", "kubectl", "strace", "ltrace");
        return risks;
    }
}
