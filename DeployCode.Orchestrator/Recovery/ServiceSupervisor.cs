using System.Collections.Concurrent;
using Aspire.Hosting.ApplicationModel;
using DeployCode.Orchestrator.Gating;
using DeployCode.Orchestrator.Planning;
using DeployCode.Orchestrator.Telemetry;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;
using DeployCode.Orchestrator.Model;
using DeployCode.Orchestrator.Configuration;

namespace DeployCode.Orchestrator.Recovery;

/// <summary>
/// Watches every deployed service after deployment: an exited process is noticed at once (DCP's state
/// change), a failing health check within one probe interval. A circuit breaker per service counts the
/// failures; an exit, or the breaker opening, starts recovery: restarts with exponential back-off (Polly),
/// each gated on health again. A service that stays down is given up on: it and everything that depends
/// on it are stopped.
/// </summary>
internal sealed partial class ServiceSupervisor(
    ResourceNotificationService notifications,
    ResourceCommandService commands,
    ResourceLoggerService resourceLoggers,
    QuietHealthProbe probe,
    PlatformRegistry registry,
    RecoveryOptions options,
    TimeProvider time,
    ILogger logger)
{
    private readonly ConcurrentDictionary<string, HealthCircuitBreaker> _breakers = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<RecoveryEvent> _events = new();
    private readonly ConcurrentDictionary<string, byte> _recovering = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _stoppedOnPurpose = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _failing = new(StringComparer.Ordinal);
    // Services whose last probe did not answer at all: a hung process is killed, not asked to stop.
    private readonly ConcurrentDictionary<string, byte> _unresponsive = new(StringComparer.Ordinal);
    private IReadOnlyList<IResource> _services = [];
    private DependencyGraph _graph = DependencyGraph.FromEdges([]);
    private IReadOnlyDictionary<string, IReadOnlyList<string>> _dependencies = new Dictionary<string, IReadOnlyList<string>>();

    /// <summary>Raised for each event as it is recorded.</summary>
    public event Action<RecoveryEvent>? Recorded;

    /// <summary>Everything that happened, in order.</summary>
    public IReadOnlyList<RecoveryEvent> Events => [.. _events];

    /// <summary>The circuit of one service.</summary>
    public CircuitState CircuitOf(string service) => _breakers.TryGetValue(service, out var breaker) ? breaker.State : CircuitState.Closed;

    /// <summary>Times each service's circuit has opened.</summary>
    public IReadOnlyDictionary<string, int> Openings => _breakers.ToDictionary(pair => pair.Key, pair => pair.Value.Openings, StringComparer.Ordinal);

    /// <summary>
    /// What to do with a service that restarts could not bring back (the rollback); without it the service and
    /// everything that depends on it are stopped.
    /// </summary>
    public Func<IResource, string, Task>? GaveUp { get; set; }

    /// <summary>Which replica serves a service's dependents now (the service itself unless its work moved).</summary>
    public Func<string, string>? ServingReplica { get; set; }

    /// <summary>Whether <paramref name="service"/> runs and passes its health checks now.</summary>
    public async Task<bool> IsHealthyAsync(IResource service, CancellationToken cancellationToken) =>
        IsRunning(service) && !_recovering.ContainsKey(service.Name) && await probe.PassesAsync(QuietHealthProbe.KeysOf(service), cancellationToken);

    /// <summary>Watches <paramref name="services"/> until <paramref name="stopping"/> is cancelled; <paramref name="graph"/> says what waits on what.</summary>
    public Task SuperviseAsync(IReadOnlyList<IResource> services, DependencyGraph graph, CancellationToken stopping)
    {
        _services = services;
        _graph = graph;
        // Asked on every failed health check: worked out once, the graph does not change while the platform runs.
        _dependencies = services.ToDictionary(service => service.Name, service => graph.DependenciesOf(service.Name), StringComparer.Ordinal);
        var exits = ExitWatch.Start(notifications, services.Select(service => service.Name), stopping);
        return Task.WhenAll(services.Select(service => Task.Run(() => WatchAsync(service, exits[service.Name], stopping), CancellationToken.None)));
    }

    private IReadOnlyList<IResource> DependentsOf(string service) =>
        [.. _graph.DependentsOf(service).Select(name => _services.FirstOrDefault(resource => resource.Name == name)).OfType<IResource>()];

    /// <summary>
    /// A dependency of <paramref name="service"/> that is down now: being recovered or restarted, failing its
    /// health check, stopped. The service failing meanwhile is its dependency's failure, not its own: restarting
    /// it would not help, and Aspire would refuse to start it before the dependency is healthy.
    /// </summary>
    private string? DependencyDown(string service) => _dependencies.GetValueOrDefault(service, []).Select(dependency => ServingReplica?.Invoke(dependency) ?? dependency).FirstOrDefault(dependency =>
        _recovering.ContainsKey(dependency) || _failing.ContainsKey(dependency) || _stoppedOnPurpose.ContainsKey(dependency) ||
        (_services.Any(resource => resource.Name == dependency) && !IsRunning(dependency)));

    private async Task WatchAsync(IResource service, ExitWatch exits, CancellationToken stopping)
    {
        var breaker = _breakers.GetOrAdd(service.Name, _ => new HealthCircuitBreaker(options, time));
        var keys = QuietHealthProbe.KeysOf(service);
        using var timer = new PeriodicTimer(options.ProbeInterval, time);
        try
        {
            while (!stopping.IsCancellationRequested)
            {
                var tick = timer.WaitForNextTickAsync(stopping).AsTask();
                var exit = exits.Current;
                var first = await Task.WhenAny(tick, exit);
                if (first == exit && exit.IsCompletedSuccessfully && _stoppedOnPurpose.ContainsKey(service.Name))
                {
                    exits.Reset();
                    continue;
                }

                if (first == exit && exit.IsCompletedSuccessfully)
                {
                    exits.Next();
                    breaker.Trip();
                    Publish(service, breaker, null);
                    KillLeftovers(service.Name);
                    await RecoverAsync(service, exit.Result, breaker, stopping);
                    exits.Reset();
                    continue;
                }

                await tick;
                if (keys.Count == 0 || _recovering.ContainsKey(service.Name) || !IsRunning(service) || !breaker.AllowsCheck())
                {
                    continue;
                }

                var result = await probe.ProbeAsync(keys, stopping);
                var healthy = result == ProbeResult.Healthy;
                if (result == ProbeResult.TimedOut)
                {
                    _unresponsive[service.Name] = 0;
                }
                else
                {
                    _unresponsive.TryRemove(service.Name, out _);
                }

                if (healthy)
                {
                    _failing.TryRemove(service.Name, out _);
                }
                else if (DependencyDown(service.Name) is { } down)
                {
                    if (_failing.TryAdd(service.Name, 0))
                    {
                        Record(service.Name, "waiting", $"health check failed while {down}, which it depends on, is down; not counted against it");
                    }

                    continue;
                }
                else
                {
                    _failing[service.Name] = 0;
                    if (breaker.State == CircuitState.Closed)
                    {
                        Record(service.Name, "detected", result == ProbeResult.TimedOut ? $"health check did not answer within {probe.Timeout.TotalSeconds:0.#} s" : "health check failed");
                    }
                }

                var transition = breaker.Record(healthy);
                Publish(service, breaker, transition);
                if (transition is { To: CircuitState.Open })
                {
                    var why = _unresponsive.ContainsKey(service.Name)
                        ? $"its health check failed {options.FailureThreshold} times in a row, the last without an answer within {probe.Timeout.TotalSeconds:0.#} s"
                        : $"its health check failed {options.FailureThreshold} times in a row";
                    await RecoverAsync(service, why, breaker, stopping);
                    exits.Reset();
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
    }

    private bool IsRunning(IResource service) => IsRunning(service.Name);

    private bool IsRunning(string service) =>
        notifications.TryGetCurrentState(service, out var current) && current.Snapshot.State?.Text == KnownResourceStates.Running;

    /// <summary>Restarts with back-off until healthy, or gives up and stops the service and its dependents.</summary>
    private async Task RecoverAsync(IResource service, string reason, HealthCircuitBreaker breaker, CancellationToken stopping)
    {
        if (!_recovering.TryAdd(service.Name, 0))
        {
            return;
        }

        var log = resourceLoggers.GetLogger(service);
        string? gaveUp = null;
        try
        {
            Record(service.Name, "detected", reason);
            Tell(log, LogLevel.Warning, $"{service.Name}: {reason}; circuit open, restarting (at most {options.MaxRestarts} tries)");
            var pipeline = new ResiliencePipelineBuilder().AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = Math.Max(0, options.MaxRestarts - 1),
                BackoffType = DelayBackoffType.Exponential,
                Delay = options.BackoffBase,
                MaxDelay = options.BackoffCap,
                UseJitter = false,
                ShouldHandle = new PredicateBuilder().Handle<RestartFailedException>(),
            }).Build();

            var attempt = 0;
            try
            {
                await pipeline.ExecuteAsync(async token => await RestartOnceAsync(service, ++attempt, token), stopping);
                breaker.Recovered();
                Record(service.Name, "recovered", $"healthy after restart {attempt}");
                registry.Update(service.Name, entry => entry with { Recoveries = entry.Recoveries + 1 });
                Tell(log, LogLevel.Information, $"{service.Name}: healthy again after restart {attempt}");
            }
            catch (RestartFailedException failure)
            {
                gaveUp = $"{reason}, and it was still failing after {attempt} restarts ({failure.Message})";
                Record(service.Name, "gave-up", failure.Message);
                Tell(log, LogLevel.Error, $"{service.Name}: still failing after {attempt} restarts ({failure.Message}); giving up on it");
            }
        }
        finally
        {
            _recovering.TryRemove(service.Name, out _);
            Publish(service, breaker, null);
        }

        if (gaveUp is not null)
        {
            await (GaveUp is { } rollBack
                ? rollBack(service, gaveUp)
                : StopWithDependentsAsync(service, DependentsOf(service.Name), $"{service.Name} stays down", stopping));
        }
    }

    /// <summary>
    /// Restarts (or starts, when it is stopped) one service and waits for its health checks to pass, while its
    /// own supervision stands aside. Returns null when it is healthy, else why not.
    /// </summary>
    public async Task<string?> RestartGatedAsync(IResource service, string why, CancellationToken stopping)
    {
        // A recovery under way finishes first (it may bring the service back, or give up on it).
        using (var wait = CancellationTokenSource.CreateLinkedTokenSource(stopping))
        {
            wait.CancelAfter(options.HealthyWithin * Math.Max(1, options.MaxRestarts) + options.BackoffCap);
            try
            {
                while (!_recovering.TryAdd(service.Name, 0))
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(100), time, wait.Token);
                }
            }
            catch (OperationCanceledException) when (!stopping.IsCancellationRequested)
            {
                return $"{service.Name} was still being recovered after {(options.HealthyWithin * Math.Max(1, options.MaxRestarts) + options.BackoffCap).TotalSeconds:0} s";
            }
        }

        try
        {
            _stoppedOnPurpose.TryRemove(service.Name, out _);
            _failing.TryRemove(service.Name, out _);
            await RestartOnceAsync(service, why, stopping);
            return null;
        }
        catch (RestartFailedException failure)
        {
            Record(service.Name, "restart-failed", failure.Message);
            return failure.Message;
        }
        finally
        {
            _recovering.TryRemove(service.Name, out _);
        }
    }

    private Task RestartOnceAsync(IResource service, int attempt, CancellationToken stopping) => RestartOnceAsync(service, $"attempt {attempt}", stopping);

    private async Task RestartOnceAsync(IResource service, string why, CancellationToken stopping)
    {
        Record(service.Name, "restarting", why);
        var terminal = notifications.TryGetCurrentState(service.Name, out var current) && KnownResourceStates.TerminalStates.Contains(current.Snapshot.State?.Text);
        if (!terminal && _unresponsive.TryRemove(service.Name, out _))
        {
            // It does not answer its health check, so it would not answer a request to stop either: DCP would
            // wait its 15 s for nothing. Its processes are killed and it is started afresh.
            Record(service.Name, "force-stopping", "it does not answer; killing its processes");
            await ForceStopAsync(service, stopping);
            terminal = true;
        }

        var command = terminal ? KnownResourceCommands.StartCommand : KnownResourceCommands.RestartCommand;
        if (!terminal)
        {
            await PrepareToStopAsync(service, stopping);
        }

        var result = await commands.ExecuteCommandAsync(service, command, stopping);
        if (!result.Success)
        {
            // DCP gives a process about 15 s to stop; a service stuck in shutdown (flushing telemetry to an
            // endpoint that is gone, say) is killed with everything it started, then started afresh.
            Record(service.Name, "force-stopping", $"{command} failed ({result.Message}); killing its processes");
            await ForceStopAsync(service, stopping);
            result = await commands.ExecuteCommandAsync(service, KnownResourceCommands.StartCommand, stopping);
            if (!result.Success)
            {
                throw new RestartFailedException($"start after a forced stop was refused: {result.Message}");
            }
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        deadline.CancelAfter(options.HealthyWithin);
        try
        {
            await notifications.WaitForResourceAsync(service.Name, e => e.Snapshot.State?.Text == KnownResourceStates.Running, deadline.Token);
            var keys = QuietHealthProbe.KeysOf(service);
            while (keys.Count > 0 && !await probe.PassesAsync(keys, deadline.Token))
            {
                await Task.Delay(TimeSpan.FromMilliseconds(100), time, deadline.Token);
            }
        }
        catch (OperationCanceledException) when (!stopping.IsCancellationRequested)
        {
            throw new RestartFailedException($"not healthy within {options.HealthyWithin.TotalSeconds:0} s of the restart ({why})");
        }
    }

    /// <summary>Stops <paramref name="dependents"/> (last first) and then <paramref name="service"/>; their exits are not failures.</summary>
    public async Task StopWithDependentsAsync(IResource service, IReadOnlyList<IResource> dependents, string because, CancellationToken stopping)
    {
        // Dependents first, so that none of them runs against a stopped dependency.
        foreach (var resource in dependents.Reverse().Append(service))
        {
            _stoppedOnPurpose[resource.Name] = 0;
            await PrepareToStopAsync(resource, stopping);
            var result = await commands.ExecuteCommandAsync(resource, KnownResourceCommands.StopCommand, stopping);
            if (!result.Success)
            {
                try
                {
                    await ForceStopAsync(resource, stopping);
                }
                catch (RestartFailedException failure)
                {
                    Record(resource.Name, "stop-failed", failure.Message);
                    continue;
                }
            }

            Record(resource.Name, "stopped", $"because {because}{(result.Success ? "" : " (killed: it did not stop in time)")}");
        }
    }

    /// <summary>Runs the component's own preparation for a stop, if it has one (see <see cref="PlatformStopPreparationAnnotation"/>).</summary>
    private async Task PrepareToStopAsync(IResource service, CancellationToken stopping)
    {
        if (!service.TryGetLastAnnotation<PlatformStopPreparationAnnotation>(out var preparation))
        {
            return;
        }

        try
        {
            await preparation.PrepareAsync(stopping);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // Not answering already, say: there is nothing to prepare, and the stop goes ahead.
            Record(service.Name, "stopping", $"could not prepare the stop first ({exception.Message})");
        }
    }

    private void Record(string service, string kind, string detail)
    {
        var recorded = new RecoveryEvent(service, kind, detail, time.GetUtcNow());
        _events.Enqueue(recorded);
        registry.Note(new RegistryEvent(recorded.At, RegistryEvent.Recovery, kind, service, detail, kind switch { "recovered" => true, "gave-up" or "restart-failed" or "stop-failed" => false, _ => null }));
        Recorded?.Invoke(recorded);
    }

    private void Tell(ILogger serviceLog, LogLevel level, string message)
    {
        serviceLog.Log(level, "{Message}", message);
        logger.Log(level, "{Message}", message);
    }

    private void Publish(IResource service, HealthCircuitBreaker breaker, (CircuitState From, CircuitState To)? transition)
    {
        var state = breaker.State;
        registry.Update(service.Name, entry => entry with { Circuit = state.ToString(), CircuitOpenings = breaker.Openings });
        if (transition is { } change)
        {
            Record(service.Name, "circuit", $"{change.From} → {change.To}");
            logger.Log(change.To == CircuitState.Open ? LogLevel.Warning : LogLevel.Information, "{Service}: circuit {From} → {To}", service.Name, change.From, change.To);
        }

        _ = notifications.PublishUpdateAsync(service, snapshot => snapshot with
        {
            Properties = snapshot.Properties.With(OrchestratorProperties.Circuit, state.ToString()),
        });
    }

    private sealed class RestartFailedException(string message) : Exception(message);
}
