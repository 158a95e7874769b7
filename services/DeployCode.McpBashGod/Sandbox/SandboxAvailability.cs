using System.Diagnostics;
using Microsoft.Extensions.Options;

namespace DeployCode.McpBashGod.Sandbox;

/// <summary>
/// Whether commands can run in their sandbox here, found by running one (<c>true</c>) the way every command runs.
/// Nothing ever runs outside it: when it cannot run, <c>execute_command</c> and <c>execute_chain</c> refuse with the
/// cause and the fix, and <c>/health</c> is Degraded with the same words. A failure is asked again after a while,
/// so that installing bubblewrap or changing the engine's settings takes effect without a restart.
/// </summary>
/// <remarks>
/// A container engine masks parts of <c>/proc</c> (Docker's default, which Compose cannot turn off), and then the
/// kernel lets no new namespace mount a <c>/proc</c> of its own. Commands then run with no <c>/proc</c> at all, which
/// shows them less, never more: <c>ps</c> and <c>/dev/fd</c> do not work, and the state says so.
/// </remarks>
internal sealed class SandboxAvailability(SessionFolders sessions, IOptions<BashGodOptions> options, TimeProvider clock) : IDisposable
{
    private static readonly TimeSpan s_recheckAfterFailure = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan s_probeLimit = TimeSpan.FromSeconds(20);
    private readonly SemaphoreSlim _probing = new(1, 1);
    private (SandboxState State, DateTimeOffset At)? _last;

    public void Dispose() => _probing.Dispose();

    /// <summary>How commands run here, or why they cannot.</summary>
    public async Task<SandboxState> StateAsync(CancellationToken cancellationToken)
    {
        if (_last is { } known && (known.State.Problem is null || clock.GetUtcNow() - known.At < s_recheckAfterFailure))
        {
            return known.State;
        }

        await _probing.WaitAsync(cancellationToken);
        try
        {
            if (_last is not { } again || (again.State.Problem is not null && clock.GetUtcNow() - again.At >= s_recheckAfterFailure))
            {
                var withProc = await ProbeAsync(ownProc: true, cancellationToken);
                var state = withProc is not null && withProc.Contains("mount proc", StringComparison.Ordinal) && await ProbeAsync(ownProc: false, cancellationToken) is null
                    ? new SandboxState(null, OwnProc: false)
                    : new SandboxState(withProc is null ? null : Explain(withProc), OwnProc: true);
                _last = (state, clock.GetUtcNow());
            }

            return _last.Value.State;
        }
        finally
        {
            _probing.Release();
        }
    }

    // Null when the sandbox started; bubblewrap's own words otherwise.
    private async Task<string?> ProbeAsync(bool ownProc, CancellationToken cancellationToken)
    {
        var argv = SandboxCommand.For(sessions.For("bashgod-sandbox-probe"), options.Value, ["/bin/true"], ownProc);
        var start = new ProcessStartInfo(argv[0]) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in argv.Skip(1))
        {
            start.ArgumentList.Add(argument);
        }

        try
        {
            using var process = Process.Start(start) ?? throw new InvalidOperationException($"{argv[0]} did not start");
            var error = process.StandardError.ReadToEndAsync(cancellationToken);
            await process.StandardOutput.ReadToEndAsync(cancellationToken);
            await process.WaitForExitAsync(cancellationToken).WaitAsync(s_probeLimit, cancellationToken);
            return process.ExitCode == 0 ? null : (await error).Trim();
        }
        catch (System.ComponentModel.Win32Exception missing)
        {
            return $"{argv[0]}: {missing.Message}";
        }
        catch (TimeoutException)
        {
            return "bwrap true did not end within 20 s";
        }
    }

    /// <summary>The cause bubblewrap gave, with the fix for each known one.</summary>
    internal static string Explain(string error)
    {
        var fix = error switch
        {
            _ when error.Contains("execute bwrap", StringComparison.Ordinal)
                => "install bubblewrap (apt-get install bubblewrap; ./deploy-code installs it with the other packages)",
            _ when error.Contains("create new namespace", StringComparison.Ordinal) || error.Contains("setting up uid map", StringComparison.Ordinal)
                => "let this service's user create user namespaces: run it as root, or enable unprivileged user namespaces (sysctl user.max_user_namespaces above 0, kernel.unprivileged_userns_clone=1 where the kernel has it); in a container, give it the seccomp profile the published artifacts give mcp-bashgod",
            _ when error.Contains("mount proc", StringComparison.Ordinal)
                => "the container engine masks parts of /proc, so a sandbox cannot have its own: run the container with security_opt systempaths=unconfined (Compose) or procMount: Unmasked (Kubernetes), as the published artifacts do",
            _ => "see bubblewrap's message; commands do not run until the sandbox can start",
        };
        return $"Commands cannot run: their sandbox (bubblewrap) does not start here ({error}). Fix: {fix}.";
    }
}

/// <summary>
/// How commands run: <paramref name="Problem"/> is why they cannot (null when they can); <paramref name="OwnProc"/>
/// is whether each gets a <c>/proc</c> of its own (false where the engine masks <c>/proc</c>: then none at all).
/// </summary>
internal sealed record SandboxState(string? Problem, bool OwnProc)
{
    /// <summary>For /health and system_status.</summary>
    public string Description => Problem ?? (OwnProc
        ? "commands run in their sandbox"
        : "commands run in their sandbox without /proc (the container engine masks /proc, so a sandbox cannot have its own: ps and /dev/fd do not work; run the container with systempaths=unconfined, or procMount: Unmasked on Kubernetes, to give them one)");
}
