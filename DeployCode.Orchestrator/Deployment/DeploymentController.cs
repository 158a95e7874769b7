using System.Collections.Concurrent;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using DeployCode.Orchestrator.Configuration;
using DeployCode.Orchestrator.Planning;
using DeployCode.Orchestrator.Recovery;
using DeployCode.Orchestrator.Resources;
using DeployCode.Orchestrator.Telemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using DeployCode.Orchestrator.Model;

namespace DeployCode.Orchestrator.Deployment;

/// <summary>
/// Changes to the platform once it is deployed: live configuration changes, rollbacks (after a service that
/// restarts cannot bring back, or on request) and redeploys. One runs at a time; each restarts services in
/// dependency order through the supervisor, gated on health, and shows its steps on the orchestrator.
/// </summary>
internal sealed partial class DeploymentController(
    ResourceNotificationService notifications,
    ServiceSupervisor supervisor,
    PlatformRegistry registry,
    IConfiguration configuration,
    IHostApplicationLifetime lifetime,
    ILogger<DeploymentController> logger) : IDisposable
{
    private readonly SemaphoreSlim _oneAtATime = new(1, 1);
    private readonly ConcurrentQueue<UpdateRecord> _history = new();
    private Deployment? _deployment;

    /// <summary>Raised for each record as it is made.</summary>
    public event Action<UpdateRecord>? Recorded;

    /// <summary>Every change made since the deployment, in order.</summary>
    public IReadOnlyList<UpdateRecord> History => [.. _history];

    /// <summary>Whether the first deployment has finished, so that changes can be made.</summary>
    public bool IsReady => _deployment is not null;

    /// <summary>Whether a change is being made now.</summary>
    public bool IsBusy => _oneAtATime.CurrentCount == 0;

    /// <summary>Takes over the deployment once its phases are done: watches the configuration and handles give-ups.</summary>
    public void Attach(OrchestratorResource orchestrator, DistributedApplicationModel model, DeploymentPlan plan, DependencyGraph graph, IReadOnlyList<IResource> deployed, DeploymentLog log)
    {
        _deployment = new Deployment(orchestrator, model, plan, graph, Networking.PlatformPorts.Of(model.Resources), deployed, log, notifications);
        supervisor.GaveUp = RollBackAfterFailureAsync;
        supervisor.ServingReplica = service => orchestrator.ActiveReplicas.GetValueOrDefault(service, service);
        WatchConfiguration();
    }

    /// <inheritdoc />
    public void Dispose() => _oneAtATime.Dispose();

    private Deployment Current => _deployment ?? throw new InvalidOperationException("The platform has not finished deploying yet.");

    /// <summary>
    /// Runs one change at a time. Whatever goes wrong in one ends visibly: the orchestrator shows Failed with the cause,
    /// the log says it, the history records it, and the next change is free to run.
    /// </summary>
    /// <returns>The change's record; null only from a change that found nothing to do.</returns>
    private async Task<UpdateRecord?> OneAtATimeAsync(string operation, Func<CancellationToken, Task<UpdateRecord?>> change, CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, lifetime.ApplicationStopping);
        await _oneAtATime.WaitAsync(linked.Token);
        try
        {
            return await change(linked.Token);
        }
        catch (Exception exception) when (!linked.IsCancellationRequested && _deployment is not null)
        {
            var reason = $"{operation} failed: {exception.GetType().Name}: {exception.Message}";
            var deployment = _deployment;
            deployment.Log.LogError(exception, "{Reason}", reason);
            await deployment.Status.FailAsync(reason, (OrchestratorProperties.LastUpdate, $"{DateTimeOffset.UtcNow:HH:mm:ss} {reason}"));
            return Record("failed", false, reason, []);
        }
        finally
        {
            _oneAtATime.Release();
        }
    }

    /// <summary>Makes <paramref name="settings"/> the running configuration: what services read when they next start.</summary>
    private void Apply(Deployment deployment, DeployCodeSettings settings, IReadOnlyDictionary<string, string> flat, BudgetAllocation allocation)
    {
        deployment.Orchestrator.Settings = settings;
        deployment.Orchestrator.ConfiguredSettings = flat;
        deployment.Orchestrator.Allocation = allocation;
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
            Tell(deployment, LogLevel.Information, $"Restarting {service.Name} ({why})");
            var failure = await supervisor.RestartGatedAsync(service, why, cancellationToken);
            restarted.Add(service.Name);
            if (failure is not null)
            {
                return (restarted, service.Name, failure);
            }
        }

        return (restarted, null, null);
    }

    private static Task SaveKnownGoodAsync(Deployment deployment) =>
        KnownGoodConfiguration.SaveAsync(deployment.Orchestrator.StateDirectoryFor(deployment.Orchestrator.Name), deployment.Orchestrator.ConfiguredSettings, DateTimeOffset.UtcNow, CancellationToken.None);

    private UpdateRecord Record(string kind, bool succeeded, string detail, IReadOnlyList<string> restarted)
    {
        var record = new UpdateRecord(kind, succeeded, detail, restarted, DateTimeOffset.UtcNow);
        _history.Enqueue(record);
        Recorded?.Invoke(record);
        return record;
    }

    private static void Tell(Deployment deployment, LogLevel level, string message) => deployment.Log.Log(level, "{Message}", message);

    // Not running: stopped, exited, or left Stopping by a stop DCP could not finish (the supervisor killed it then).
    private bool IsDown(IResource service) =>
        !(notifications.TryGetCurrentState(service.Name, out var current) && current.Snapshot.State?.Text == KnownResourceStates.Running);

    /// <summary>The deployment being looked after: what was planned and what runs here.</summary>
    private sealed record Deployment(
        OrchestratorResource Orchestrator,
        DistributedApplicationModel Model,
        DeploymentPlan Plan,
        DependencyGraph Graph,
        IReadOnlyDictionary<string, int> Ports,
        IReadOnlyList<IResource> Deployed,
        DeploymentLog Log,
        ResourceNotificationService Notifications)
    {
        /// <summary>What the orchestrator shows, as the first deployment showed it.</summary>
        public DeploymentStatus Status { get; } = new(Notifications, Orchestrator);

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
