using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Logging;

namespace DeployCode.Orchestrator.Recovery;

// The processes under a service: killed when DCP cannot stop them, or when their parent died without them.
internal sealed partial class ServiceSupervisor
{
    private async Task ForceStopAsync(IResource service, CancellationToken stopping)
    {
        // The tree as it is now (a restart may have started processes since the last usage sample), plus what
        // was recorded, in case the root is already gone.
        var entry = registry.Find(service.Name);
        var live = entry?.ProcessId is { } root ? Resources.ProcessTable.Read().Tree(root) : [];
        int[] tree = [.. live.Concat(entry?.ProcessTree ?? []).Distinct()];
        foreach (var pid in tree)
        {
            TryKill(pid);
        }

        // DCP does not always notice a process it failed to stop dying afterwards (its state stays Stopping or
        // Unknown): the processes being gone is what counts.
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        deadline.CancelAfter(TimeSpan.FromSeconds(15));
        try
        {
            while (tree.Any(IsAlive) && !(notifications.TryGetCurrentState(service.Name, out var current) && KnownResourceStates.TerminalStates.Contains(current.Snapshot.State?.Text)))
            {
                await Task.Delay(TimeSpan.FromMilliseconds(100), time, deadline.Token);
            }
        }
        catch (OperationCanceledException) when (!stopping.IsCancellationRequested)
        {
            throw new RestartFailedException($"{service.Name}'s processes were killed but still run after 15 s");
        }
    }

    private static bool IsAlive(int pid) => File.Exists($"/proc/{pid}/stat") && !File.ReadAllText($"/proc/{pid}/stat").Contains(") Z ", StringComparison.Ordinal);

    /// <summary>
    /// Kills what a dead process left behind: a project Aspire runs through <c>dotnet run</c> (under an IDE's
    /// debugger or <c>dotnet watch</c>; otherwise a service is its built program) lives on when that wrapper dies,
    /// holding the port the restarted one needs, and so do the children a service started (BashGod's sandboxes).
    /// </summary>
    private void KillLeftovers(string service)
    {
        var entry = registry.Find(service);
        foreach (var pid in entry?.ProcessTree ?? [])
        {
            if (pid != entry!.ProcessId && TryKill(pid))
            {
                logger.LogWarning("{Service}: killed process {Pid}, left running after its parent exited", service, pid);
            }
        }
    }

    private static bool TryKill(int pid)
    {
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            process.Kill();
            return true;
        }
        catch (Exception exception) when (exception is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            // Already gone.
            return false;
        }
    }
}
