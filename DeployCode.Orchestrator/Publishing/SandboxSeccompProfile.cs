namespace DeployCode.Orchestrator.Publishing;

/// <summary>
/// The seccomp profile of a service that makes sandboxes (<c>PlatformSandboxAnnotation</c>). The engines' default
/// profiles refuse <c>unshare</c>, <c>clone</c> with namespace flags, <c>mount</c>, <c>umount2</c> and
/// <c>pivot_root</c> to a container without CAP_SYS_ADMIN, and bubblewrap needs exactly those. This profile allows
/// them and refuses what no sandbox of commands needs: loading kernel code (modules, kexec, BPF), tracing and reading
/// other processes (ptrace, process_vm_*, perf), the kernel keyring, the clock, swap, quotas, reboot, io_uring,
/// file handles (open_by_handle_at, the container escape of 2014) and the new mount API (bubblewrap uses the old
/// one). Every call it refuses fails with EPERM; the container still has no capabilities, so most would fail anyway:
/// this is the second wall.
/// </summary>
internal static class SandboxSeccompProfile
{
    private static readonly string[] s_refused =
    [
        "_sysctl", "acct", "add_key", "bpf", "clock_adjtime", "clock_settime", "create_module", "delete_module",
        "fanotify_init", "finit_module", "fsconfig", "fsmount", "fsopen", "fspick", "get_kernel_syms", "init_module",
        "io_uring_enter", "io_uring_register", "io_uring_setup", "ioperm", "iopl", "kcmp", "kexec_file_load",
        "kexec_load", "keyctl", "lookup_dcookie", "mount_setattr", "move_mount", "name_to_handle_at", "nfsservctl",
        "open_by_handle_at", "open_tree", "perf_event_open", "pidfd_getfd", "process_vm_readv", "process_vm_writev",
        "ptrace", "query_module", "quotactl", "quotactl_fd", "reboot", "request_key", "setdomainname", "settimeofday",
        "stime", "swapoff", "swapon", "sysfs", "syslog", "uselib", "userfaultfd", "ustat", "vm86", "vm86old",
    ];

    /// <summary>The profile as JSON, the same bytes every time.</summary>
    public static string Json()
    {
        var names = string.Join(",\n        ", s_refused.Select(name => $"\"{name}\""));
        return "{\n" +
            "  \"defaultAction\": \"SCMP_ACT_ALLOW\",\n" +
            "  \"syscalls\": [\n" +
            "    {\n" +
            "      \"names\": [\n        " + names + "\n      ],\n" +
            "      \"action\": \"SCMP_ACT_ERRNO\",\n" +
            "      \"errnoRet\": 1\n" +
            "    }\n" +
            "  ]\n" +
            "}\n";
    }
}
