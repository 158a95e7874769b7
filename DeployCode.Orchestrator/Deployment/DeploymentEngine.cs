using System.Collections.Concurrent;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using DeployCode.Orchestrator.Configuration;
using DeployCode.Orchestrator.Gating;
using DeployCode.Orchestrator.Model;
using DeployCode.Orchestrator.Planning;
using DeployCode.Orchestrator.Recovery;
using DeployCode.Orchestrator.Resources;
using DeployCode.Orchestrator.Telemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DeployCode.Orchestrator.Deployment;

/// <summary>
/// The deployment engine. Everything it does to the platform is an operation: the first deployment, a live
/// configuration change, Redeploy, Roll back, and the recovery of a service that restarts could not bring back
/// (a move to a replica or a rollback). Operations run one at a time, each in its own trace, and share the
/// steps (allocation, restarts in dependency order, verification, the known-good configuration), the state the
/// orchestrator shows, the log, and the record each one leaves. Whatever goes wrong in one ends it visibly:
/// Failed with the cause, in the log, the trace and the history, and the next operation is free to run.
/// </summary>
internal sealed partial class DeploymentEngine(
    ResourceNotificationService notifications,
    ResourceLoggerService resourceLoggers,
    ILogger<OrchestratorResource> logger,
    IHostApplicationLifetime lifetime,
    PlatformRegistry registry,
    DeploymentMetrics metrics,
    DeploymentTraceExport traceExport,
    ServiceSupervisor supervisor,
    IConfiguration configuration,
    IServiceProvider services) : IDisposable
{
    private readonly SemaphoreSlim _oneAtATime = new(1, 1);
    private readonly ConcurrentQueue<UpdateRecord> _history = new();

    // Who the operations speak as: set when the first deployment begins.
    private OrchestratorResource? _orchestrator;
    private DeploymentLog? _log;

    // What later operations work on: set once the first deployment's phases are done.
    private Deployment? _deployment;

    // The trace of the operation that runs now (one runs at a time).
    private DeploymentTrace? _trace;

    /// <summary>Raised for each record as it is made.</summary>
    public event Action<UpdateRecord>? Recorded;

    /// <summary>Every operation since the AppHost started, the first deployment included, in order.</summary>
    public IReadOnlyList<UpdateRecord> History => [.. _history];

    /// <summary>Whether the first deployment has finished, so that changes can be made.</summary>
    public bool IsReady => _deployment is not null;

    /// <summary>Whether an operation runs now.</summary>
    public bool IsBusy => _oneAtATime.CurrentCount == 0;

    /// <inheritdoc />
    public void Dispose() => _oneAtATime.Dispose();

    private Deployment Current => _deployment ?? throw new InvalidOperationException("The platform has not finished deploying yet.");

    /// <summary>The health gate when it is on (the default); null leaves waiting to Aspire.</summary>
    private HealthGate? Gate => services.GetService<HealthGate>();

    /// <summary>
    /// Runs <paramref name="work"/> as the operation <paramref name="operation"/>, once every operation before it has
    /// ended, in a trace of its own named <paramref name="traceName"/>. The trace ends with the record's outcome; a
    /// failure ends the operation as Failed with its cause, recorded as <c>failed</c>.
    /// </summary>
    /// <returns>The operation's record; null when it found nothing to do, or when the application stopped it.</returns>
    private async Task<UpdateRecord?> RunAsync(string operation, string traceName, Func<CancellationToken, Task<UpdateRecord?>> work, CancellationToken cancellationToken)
    {
        var orchestrator = _orchestrator ?? throw new InvalidOperationException("The deployment has not begun.");
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, lifetime.ApplicationStopping);
        await _oneAtATime.WaitAsync(linked.Token);
        var trace = DeploymentTrace.Start(traceName, orchestrator.Name, orchestrator.Runtime.ModeName, orchestrator.Platform.Display);
        _trace = trace;
        try
        {
            var record = await work(linked.Token);
            trace.Finish(ShownState(orchestrator), record is { Succeeded: false } ? record.Detail : null, record?.Kind ?? UpdateKinds.Nothing);
            return record;
        }
        catch (OperationCanceledException) when (linked.IsCancellationRequested)
        {
            trace.Finish("Stopped");
            return null;
        }
        catch (Exception exception)
        {
            // An invalid configuration is a refusal with every problem and its fix: its type and stack say nothing more.
            var refused = exception is DeployCodeConfigurationException;
            var reason = refused
                ? $"{operation} was refused: {exception.Message}"
                : $"{operation} failed: {exception.GetType().Name}: {exception.Message}. {WhatNow()}";
            Log.LogError(refused ? null : exception, "{Reason}", reason);
            trace.Finish(DeploymentStates.Failed, reason, refused ? UpdateKinds.Refused : UpdateKinds.Failed);
            await Status.FailAsync(reason, (OrchestratorProperties.LastUpdate, $"{DateTimeOffset.UtcNow:HH:mm:ss} {reason}"));
            return Record(new UpdateRecord(refused ? UpdateKinds.Refused : UpdateKinds.Failed, false, reason, [], DateTimeOffset.UtcNow));
        }
        finally
        {
            _trace = null;
            _oneAtATime.Release();
        }
    }

    // An operation that broke off may have been part-way through: what brings the platform to one configuration again.
    private string WhatNow() => IsReady
        ? "Some services may run under the change and others not: Redeploy brings every one up under the settings file, Roll back under the known-good configuration"
        : "The platform cannot be looked after: fix the cause and start the AppHost again";

    // The state an operation left the orchestrator in: what its trace's outcome says.
    private string ShownState(OrchestratorResource orchestrator) =>
        notifications.TryGetCurrentState(orchestrator.Name, out var current) ? current.Snapshot.State?.Text ?? "" : "";

    /// <summary>The operation's log: the AppHost's log and the orchestrator's console.</summary>
    private DeploymentLog Log => _log ?? throw new InvalidOperationException("The deployment has not begun.");

    /// <summary>What the orchestrator shows, for every operation alike.</summary>
    private DeploymentStatus Status => new(notifications, _orchestrator ?? throw new InvalidOperationException("The deployment has not begun."));

    /// <summary>
    /// Ends an operation, said once: a line in the log, the orchestrator's state and last update, a record in the history.
    /// </summary>
    private async Task<UpdateRecord> EndAsync(Ending ending)
    {
        var level = ending.Level ?? (!ending.Succeeded ? LogLevel.Error : ending.Shown == Shown.RolledBack ? LogLevel.Warning : LogLevel.Information);
        Log.Log(level, "{Message}", ending.Said);
        (string Name, object Value)[] properties = [.. ending.Properties, (OrchestratorProperties.LastUpdate, $"{DateTimeOffset.UtcNow:HH:mm:ss} {ending.Said}")];
        await (ending.Shown switch
        {
            Shown.Running => Status.ShowRunningAsync(properties),
            Shown.RolledBack => Status.ShowAsync(new ResourceStateSnapshot(DeploymentStates.RolledBack, ending.Succeeded ? KnownResourceStateStyles.Warn : KnownResourceStateStyles.Error), properties),
            Shown.Failed => Status.FailAsync(ending.Detail, properties),
            _ => Status.ShowPropertiesAsync(properties),
        });
        return Record(new UpdateRecord(ending.Kind, ending.Succeeded, ending.Detail, ending.Restarted, DateTimeOffset.UtcNow));
    }

    private UpdateRecord Record(UpdateRecord record)
    {
        _history.Enqueue(record);
        registry.Note(new RegistryEvent(record.At, RegistryEvent.Deployment, record.Kind, null, record.Detail, record.Succeeded));
        Recorded?.Invoke(record);
        return record;
    }

    /// <summary>Makes <paramref name="settings"/> the running configuration: what services read when they next start.</summary>
    private void Apply(DeployCodeSettings settings, IReadOnlyDictionary<string, string> flat, BudgetAllocation allocation)
    {
        var orchestrator = Current.Orchestrator;
        orchestrator.Settings = settings;
        orchestrator.ConfiguredSettings = flat;
        orchestrator.Allocation = allocation;
        registry.ShowAllocation(allocation);
    }

    private static BudgetAllocation Allocate(Deployment deployment, DeployCodeSettings settings) =>
        DeploymentSteps.Allocate(deployment.Orchestrator, deployment.Plan, deployment.Model.Resources, settings);

    /// <summary>Restarts <paramref name="names"/> one by one in dependency order, each gated on health; stops at the first that fails.</summary>
    private async Task<(List<string> Restarted, string? Failed, string? Failure)> RestartInOrderAsync(Deployment deployment, IEnumerable<string> names, string why, CancellationToken cancellationToken)
    {
        var restarted = new List<string>();
        foreach (var service in deployment.InDependencyOrder(names))
        {
            Log.LogInformation("Restarting {Service} ({Why})", service.Name, why);
            using var step = _trace?.Step($"restart {service.Name}") ?? default;
            var failure = await supervisor.RestartGatedAsync(service, why, cancellationToken);
            restarted.Add(service.Name);
            if (failure is not null)
            {
                step.Fail(failure);
                return (restarted, service.Name, failure);
            }
        }

        return (restarted, null, null);
    }

    /// <summary>
    /// What a rollback returns to: the running configuration, once everything it needs became healthy (optional
    /// components may have failed to start) and it passed verification.
    /// </summary>
    private static Task SaveKnownGoodAsync(OrchestratorResource orchestrator) =>
        KnownGoodConfiguration.SaveAsync(orchestrator.StateDirectoryFor(orchestrator.Name), orchestrator.ConfiguredSettings, DateTimeOffset.UtcNow, CancellationToken.None);

    // Not running: stopped, exited, or left Stopping by a stop DCP could not finish (the supervisor killed it then).
    private bool IsDown(IResource service) =>
        !(notifications.TryGetCurrentState(service.Name, out var current) && current.Snapshot.State?.Text == KnownResourceStates.Running);

    /// <summary>What the orchestrator shows once an operation ends.</summary>
    private enum Shown
    {
        /// <summary>The state stays as it was (a refusal changes nothing).</summary>
        Unchanged,

        /// <summary>Running, with how many components are held and how many failed.</summary>
        Running,

        /// <summary>Rolled back: a warning when everything came back, an error when something still fails.</summary>
        RolledBack,

        /// <summary>Failed, with the record's detail as the cause.</summary>
        Failed,
    }

    /// <summary>How an operation ended: the record it leaves, what the log says, what the orchestrator shows.</summary>
    private sealed record Ending(string Kind, bool Succeeded, string Detail, IReadOnlyList<string> Restarted, string Said, Shown Shown)
    {
        /// <summary>The log line's level; by default an error when it did not succeed, a warning for a rollback.</summary>
        public LogLevel? Level { get; init; }

        /// <summary>Shown beside the state.</summary>
        public (string Name, object Value)[] Properties { get; init; } = [];
    }

    /// <summary>The deployment being looked after: what was planned and what runs here.</summary>
    private sealed record Deployment(
        OrchestratorResource Orchestrator,
        DistributedApplicationModel Model,
        DeploymentPlan Plan,
        DependencyGraph Graph,
        IReadOnlyDictionary<string, int> Ports,
        IReadOnlyList<IResource> Deployed)
    {
        /// <summary>What the model alone gives each service, under what configuration sets.</summary>
        public IReadOnlyDictionary<string, ServiceBudget> Given { get; } = ComponentBudgets.Given(Model.Resources);

        /// <summary>
        /// What <paramref name="change"/> restarts: the services whose budgets differ and, when the experts differ, the
        /// services that consult them; each with its replicas.
        /// </summary>
        public IEnumerable<string> RestartedBy(SettingsChange change)
        {
            var consultingExperts = change.ExpertsChanged
                ? Deployed.Where(resource => resource.Annotations.OfType<PlatformExpertsAnnotation>().Any()).Select(resource => resource.ServiceName())
                : [];
            return WithReplicas(change.Restart.Concat(consultingExperts));
        }

        /// <summary><paramref name="services"/> and their replicas: what a change of their settings restarts.</summary>
        public IEnumerable<string> WithReplicas(IEnumerable<string> services)
        {
            var names = services.ToHashSet(StringComparer.Ordinal);
            return names.Concat(Deployed.Where(resource => resource.ServiceName() != resource.Name && names.Contains(resource.ServiceName())).Select(resource => resource.Name));
        }

        /// <summary>The deployed services among <paramref name="names"/>, dependencies before dependents; held ones left out.</summary>
        public IReadOnlyList<IResource> InDependencyOrder(IEnumerable<string> names)
        {
            var wanted = names.ToHashSet(StringComparer.Ordinal);
            var held = Orchestrator.Allocation?.Held.Select(component => component.Name).ToHashSet(StringComparer.Ordinal) ?? [];
            return [.. Plan.Phases.SelectMany(phase => phase)
                .Where(name => wanted.Contains(name) && !held.Contains(name))
                .Select(name => Deployed.FirstOrDefault(resource => resource.Name == name))
                .OfType<IResource>()];
        }
    }
}
