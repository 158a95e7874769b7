using System.Diagnostics;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Logging;
using DeployCode.Orchestrator.Model;
using DeployCode.Orchestrator.Resources;

namespace DeployCode.Orchestrator.Telemetry;

/// <summary>
/// Measures the CPU and memory of every running component's processes against its allocation, records
/// both in the registry (and so in <c>/metrics</c>), and shows a scaling suggestion on the component in the
/// dashboard when it stays over its budget. Containers have no process here to measure.
/// </summary>
internal sealed class UsageMonitor(PlatformRegistry registry, ResourceNotificationService notifications, ResourceLoggerService resourceLoggers, ILogger logger, DistributedApplicationModel model)
{
    private readonly Dictionary<string, (int Pid, long Ticks, long Timestamp)> _previous = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _overCount = new(StringComparer.Ordinal);
    private int _samplesBeforeAdvice = 3;

    /// <summary>Samples every <paramref name="interval"/> until <paramref name="cancellationToken"/> is cancelled.</summary>
    public async Task RunAsync(TimeSpan interval, CancellationToken cancellationToken)
    {
        _samplesBeforeAdvice = UsageAdvice.SamplesBeforeAdvice(interval);
        using var timer = new PeriodicTimer(interval);
        try
        {
            do
            {
                await SampleAsync();
            }
            while (await timer.WaitForNextTickAsync(cancellationToken));
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>One sample of every running component.</summary>
    internal async Task SampleAsync()
    {
        var table = ProcessTable.Read();
        var now = Stopwatch.GetTimestamp();
        foreach (var entry in registry.Entries)
        {
            if (entry.State != KnownResourceStates.Running || entry.ProcessId is not { } pid || table.TreeTotals(pid) is not { } totals)
            {
                continue;
            }

            // Remembered so that, if the root dies, the supervisor can find children it left behind.
            var tree = table.Tree(pid);
            registry.Update(entry.Name, current => current.ProcessId == pid ? current with { ProcessTree = tree } : current);

            var previous = _previous.GetValueOrDefault(entry.Name);
            _previous[entry.Name] = (pid, totals.CpuTicks, now);
            if (previous.Pid != pid)
            {
                // The first sample of a process: CPU use needs two.
                continue;
            }

            var seconds = Stopwatch.GetElapsedTime(previous.Timestamp, now).TotalSeconds;
            var cpu = seconds <= 0 ? 0 : (totals.CpuTicks - previous.Ticks) / (double)ProcessTable.TicksPerSecond / seconds;
            var usage = new UsageView(Math.Round(Math.Max(cpu, 0), 3), Math.Round(totals.ResidentBytes / 1048576d, 1), DateTimeOffset.UtcNow);
            await ApplyAsync(entry, usage);
        }
    }

    private async Task ApplyAsync(RegistryEntry entry, UsageView usage)
    {
        var over = entry.Allocation is { } allocation ? UsageAdvice.OverAllocation(usage, allocation) : null;
        var count = over is null ? 0 : _overCount.GetValueOrDefault(entry.Name) + 1;
        _overCount[entry.Name] = count;
        var suggestion = count >= _samplesBeforeAdvice ? UsageAdvice.Suggest(entry.Name, usage, entry.Allocation!) : null;

        registry.Update(entry.Name, current => current with { Usage = usage, Suggestion = suggestion });
        if (suggestion is not null && count == _samplesBeforeAdvice)
        {
            logger.LogWarning("{Suggestion}", suggestion);
        }

        if (model.Resources.FirstOrDefault(resource => resource.Name == entry.Name) is not { } resource)
        {
            return;
        }

        if (suggestion is not null && count == _samplesBeforeAdvice)
        {
            resourceLoggers.GetLogger(resource).LogWarning("{Suggestion}", suggestion);
        }

        var shown = entry.Allocation is { } budget
            ? FormattableString.Invariant($"CPU {usage.Cpu:0.##} of {budget.Cpu:0.##}, memory {usage.MemoryMb:0} of {budget.MemoryMb} MiB")
            : FormattableString.Invariant($"CPU {usage.Cpu:0.##}, memory {usage.MemoryMb:0} MiB");
        await notifications.PublishUpdateAsync(resource, snapshot => snapshot with
        {
            Properties = snapshot.Properties
                .With(OrchestratorProperties.Usage, shown)
                .With(OrchestratorProperties.Suggestion, suggestion ?? "none"),
        });
    }
}
