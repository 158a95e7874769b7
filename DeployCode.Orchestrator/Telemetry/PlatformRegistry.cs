using System.Collections.Concurrent;
using System.Globalization;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using DeployCode.Orchestrator.Resources;

namespace DeployCode.Orchestrator.Telemetry;

/// <summary>
/// The live view of every platform component — state, health, process, endpoints, phase, budget and use —
/// kept from Aspire's resource notifications, and served as <c>/registry</c> and as metrics.
/// </summary>
internal sealed class PlatformRegistry(ResourceNotificationService notifications, IHostApplicationLifetime lifetime)
{
    // DCP publishes the process id of executables and projects under this property (KnownProperties is internal).
    internal const string ProcessIdProperty = "executable.pid";

    // Enough for an operator to see what happened lately; older events are in the log and the traces.
    private const int EventsKept = 50;

    private readonly ConcurrentDictionary<string, RegistryEntry> _entries = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<RegistryEvent> _events = new();

    /// <summary>The orchestrator's state: Deploying phase 2/4, Running, Failed, ….</summary>
    public string? DeploymentState { get; internal set; }

    /// <summary>The platform's name, as its operators call it.</summary>
    public string? Platform { get; private set; }

    /// <summary>The latest operations of the deployment and recovery events, newest last.</summary>
    public IReadOnlyList<RegistryEvent> Events => [.. _events];

    /// <summary>Every component, in phase then name order.</summary>
    public IReadOnlyList<RegistryEntry> Entries => [.. _entries.Values.OrderBy(entry => entry.Phase ?? int.MaxValue).ThenBy(entry => entry.Name, StringComparer.Ordinal)];

    /// <summary>One component, if known.</summary>
    public RegistryEntry? Find(string name) => _entries.GetValueOrDefault(name);

    /// <summary>
    /// Adds the components of <paramref name="platform"/> with their phase and what each waits for; the rest comes
    /// from notifications.
    /// </summary>
    public void Register(string platform, IEnumerable<IResource> components, IReadOnlyList<IReadOnlyList<string>> phases, IReadOnlyDictionary<string, SortedSet<string>> dependsOn)
    {
        ArgumentNullException.ThrowIfNull(dependsOn);
        Platform = platform;
        foreach (var resource in components)
        {
            int? phase = null;
            for (var index = 0; index < phases.Count && phase is null; index++)
            {
                phase = phases[index].Contains(resource.Name) ? index + 1 : null;
            }

            IReadOnlyList<string> waits = [.. dependsOn.GetValueOrDefault(resource.Name) ?? []];
            _entries.AddOrUpdate(resource.Name,
                _ => new RegistryEntry { Name = resource.Name, Type = TypeOf(resource), Phase = phase, DependsOn = waits },
                (_, entry) => entry with { Phase = phase, DependsOn = waits });
        }
    }

    /// <summary>Shows how the machine was shared out: each component's budget and whether it fits, as the deployment and every change left it.</summary>
    public void ShowAllocation(BudgetAllocation allocation)
    {
        ArgumentNullException.ThrowIfNull(allocation);
        foreach (var component in allocation.Components)
        {
            Update(component.Name, entry => entry with
            {
                Allocation = new AllocationView(component.Budget.Cpu, component.Budget.MemoryMb, component.Budget.Gpu, component.Status.ToString(), component.Reason),
            });
        }
    }

    /// <summary>Keeps <paramref name="recorded"/> among the latest events.</summary>
    public void Note(RegistryEvent recorded)
    {
        _events.Enqueue(recorded);
        while (_events.Count > EventsKept && _events.TryDequeue(out _))
        {
        }
    }

    /// <summary>Changes one entry, if it is a registered component.</summary>
    public void Update(string name, Func<RegistryEntry, RegistryEntry> change)
    {
        while (_entries.TryGetValue(name, out var current))
        {
            if (_entries.TryUpdate(name, change(current), current))
            {
                return;
            }
        }
    }

    /// <summary>Follows the notifications of registered components until the application stops.</summary>
    public async Task FollowAsync()
    {
        try
        {
            await foreach (var update in notifications.WatchAsync(lifetime.ApplicationStopping))
            {
                if (update.Resource is OrchestratorResource)
                {
                    DeploymentState = update.Snapshot.State?.Text ?? DeploymentState;
                }

                Update(update.Resource.Name, entry => Apply(entry, update.Snapshot));
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    internal static RegistryEntry Apply(RegistryEntry entry, CustomResourceSnapshot snapshot)
    {
        var processId = snapshot.Properties.FirstOrDefault(property => property.Name == ProcessIdProperty)?.Value switch
        {
            int pid when pid > 0 => pid,
            long pid when pid > 0 => (int)pid,
            string text when int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && pid > 0 => pid,
            _ => (int?)null,
        };
        var health = snapshot.HealthReports.Length > 0 ? snapshot.HealthStatus : null;
        var urls = snapshot.Urls.IsDefaultOrEmpty ? null : snapshot.Urls.Where(url => !url.IsInactive).Select(url => url.Url).ToArray();
        return Apply(entry, snapshot.State?.Text, processId, health, urls);
    }

    /// <summary>One notification applied to an entry: state, process, health (when reported) and URLs.</summary>
    internal static RegistryEntry Apply(RegistryEntry entry, string? state, int? processId, HealthStatus? health, IReadOnlyList<string>? urls)
    {
        // A new process of a component that already had one is a restart (DCP's Restart, or a crash and start).
        var running = state == KnownResourceStates.Running;
        var restarted = running && processId is { } current && entry.ProcessId is { } previous && current != previous;
        return entry with
        {
            State = state ?? entry.State,
            Health = !running ? null : health is { } status ? status.ToString() : entry.Health,
            ProcessId = processId ?? entry.ProcessId,
            Restarts = entry.Restarts + (restarted ? 1 : 0),
            Endpoints = urls is null ? entry.Endpoints : [.. urls.Distinct(StringComparer.Ordinal)],
        };
    }

    /// <summary>Marks a component healthy the moment the health gate sees it pass, ahead of Aspire's next check.</summary>
    public void MarkHealthy(string name) => Update(name, entry => entry with { Health = nameof(HealthStatus.Healthy) });

    private static string TypeOf(IResource resource) => resource switch
    {
        ProjectResource => "Project",
        ContainerResource => "Container",
        ExecutableResource => "Executable",
        _ => resource.GetType().Name.Replace("Resource", "", StringComparison.Ordinal),
    };
}
