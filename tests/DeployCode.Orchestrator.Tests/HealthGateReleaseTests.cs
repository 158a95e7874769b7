using System.Collections.Concurrent;
using System.Diagnostics;
using Aspire.Hosting.ApplicationModel;
using DeployCode.Orchestrator.Gating;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using DeployCode.Orchestrator.Configuration;

namespace DeployCode.Orchestrator.Tests;

// The gate's own logic under stress, on Aspire's own notification service: many dependents and dependencies
// reaching Waiting, Running and healthy in every order, some before the gate is even watching. Every dependent
// must be released, each only after its dependency is healthy, and none may wait on a notification it missed.
public sealed class HealthGateReleaseTests : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, bool> _healthy = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _probes = new(StringComparer.Ordinal);
    private readonly Lifetime _lifetime = new();
    private readonly ServiceProvider _services;
    private readonly ResourceNotificationService _notifications;

    public HealthGateReleaseTests()
    {
        var collection = new ServiceCollection();
        collection.AddOptions();
        _services = collection.BuildServiceProvider();
        _notifications = new ResourceNotificationService(NullLogger<ResourceNotificationService>.Instance, _lifetime, _services, new ResourceLoggerService());
    }

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public async ValueTask DisposeAsync()
    {
        await _lifetime.StopAsync();
        _notifications.Dispose();
        await _services.DisposeAsync();
        _lifetime.Dispose();
    }

    [Fact]
    public async Task EveryDependentIsReleasedAfterItsDependencyIsHealthyWhateverTheOrderOfEvents()
    {
        const int Pairs = 120;
        var random = new Random(17);
        var pairs = Enumerable.Range(0, Pairs).Select(index =>
        {
            var dependency = Dependency($"dep-{index}");
            return (Dependency: (IResource)dependency, Dependent: (IResource)Dependent($"app-{index}", dependency));
        }).ToList();
        var gate = Gate(pairs.Select(pair => pair.Dependency));
        var healthyAt = new ConcurrentDictionary<string, long>(StringComparer.Ordinal);

        // A third of the pairs go through part of their start before the gate watches: the gate learns of them
        // from the notifications' replay of the current state.
        foreach (var (dependency, dependent) in pairs.Take(Pairs / 3))
        {
            await SetStateAsync(dependent, KnownResourceStates.Waiting);
            await SetStateAsync(dependency, KnownResourceStates.Running);
            if (random.Next(2) == 0)
            {
                _healthy[dependency.Name] = true;
                healthyAt[dependency.Name] = Stopwatch.GetTimestamp();
            }
        }

        var running = Task.Run(gate.RunAsync, CancellationToken.None);
        await Task.WhenAll(pairs.Select((pair, index) => Task.Run(async () =>
        {
            var delays = new Random(index);
            if (index >= Pairs / 3)
            {
                // Waiting first, or the dependency running (even healthy) first: both happen.
                var steps = new List<Func<Task>>
                {
                    () => SetStateAsync(pair.Dependent, KnownResourceStates.Waiting),
                    () => SetStateAsync(pair.Dependency, KnownResourceStates.Running),
                };
                if (delays.Next(2) == 0)
                {
                    steps.Reverse();
                }

                foreach (var step in steps)
                {
                    await Task.Delay(delays.Next(0, 15), Cancellation);
                    await step();
                }
            }

            await Task.Delay(delays.Next(0, 30), Cancellation);
            healthyAt.TryAdd(pair.Dependency.Name, Stopwatch.GetTimestamp());
            _healthy[pair.Dependency.Name] = true;
        }, Cancellation)));

        await Task.WhenAll(pairs.Select(pair => _notifications.WaitForResourceAsync(pair.Dependent.Name, e => e.Snapshot.State?.Text == KnownResourceStates.Starting, Cancellation)))
            .WaitAsync(TimeSpan.FromSeconds(30), Cancellation);

        var records = gate.Records.ToDictionary(record => record.ResourceName, StringComparer.Ordinal);
        Assert.Equal(Pairs, records.Count);
        Assert.All(pairs, pair => Assert.True(records[pair.Dependent.Name].DependenciesReady >= healthyAt[pair.Dependency.Name], $"{pair.Dependent.Name} was released before {pair.Dependency.Name} was healthy"));
        Assert.False(running.IsCompleted);
    }

    [Fact]
    public async Task ADependencyThatStopsBeforeItIsHealthyIsNotProbedUntilItRunsAgainAndThenReleasesItsDependent()
    {
        var dependency = Dependency("flaky");
        var dependent = Dependent("waits-on-flaky", dependency);
        var gate = Gate([dependency]);
        _ = Task.Run(gate.RunAsync, CancellationToken.None);

        await SetStateAsync(dependent, KnownResourceStates.Waiting);
        await SetStateAsync(dependency, KnownResourceStates.Running);
        await WhenAsync(() => _probes.GetValueOrDefault("flaky") > 3);
        await SetStateAsync(dependency, KnownResourceStates.Exited);
        await Task.Delay(200, Cancellation);
        var probesWhileExited = _probes.GetValueOrDefault("flaky");
        await Task.Delay(500, Cancellation);

        // Ended: no probing of a process that is not there, and the dependent still waits.
        Assert.InRange(_probes.GetValueOrDefault("flaky"), probesWhileExited, probesWhileExited + 1);
        Assert.True(_notifications.TryGetCurrentState(dependent.Name, out var waiting) && waiting.Snapshot.State?.Text == KnownResourceStates.Waiting);

        await SetStateAsync(dependency, KnownResourceStates.Running);
        _healthy["flaky"] = true;
        await _notifications.WaitForResourceAsync(dependent.Name, e => e.Snapshot.State?.Text == KnownResourceStates.Starting, Cancellation).WaitAsync(TimeSpan.FromSeconds(10), Cancellation);
    }

    private HealthGate Gate(IEnumerable<IResource> dependencies)
    {
        var checks = new HealthCheckServiceOptions();
        foreach (var dependency in dependencies)
        {
            var name = dependency.Name;
            checks.Registrations.Add(new HealthCheckRegistration($"{name}_check", _ => new FlagCheck(() =>
            {
                _probes.AddOrUpdate(name, 1, (_, count) => count + 1);
                return _healthy.GetValueOrDefault(name);
            }), HealthStatus.Unhealthy, tags: null));
        }

        var probe = new QuietHealthProbe(_services, Options.Create(checks), GatingOptions.DefaultProbeTimeout);
        return new HealthGate(_notifications, probe, _lifetime, NullLogger<HealthGate>.Instance, new GatingOptions { ProbeInterval = TimeSpan.FromMilliseconds(5) });
    }

    private Task SetStateAsync(IResource resource, string state) =>
        _notifications.PublishUpdateAsync(resource, snapshot => snapshot with { State = new ResourceStateSnapshot(state, null) });

    private static async Task WhenAsync(Func<bool> condition)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(Cancellation);
        deadline.CancelAfter(TimeSpan.FromSeconds(10));
        while (!condition())
        {
            await Task.Delay(10, deadline.Token);
        }
    }

    private static ContainerResource Dependency(string name)
    {
        var resource = new ContainerResource(name);
        resource.Annotations.Add(new HealthCheckAnnotation($"{name}_check"));
        return resource;
    }

    private static ContainerResource Dependent(string name, IResource dependency)
    {
        var resource = new ContainerResource(name);
        resource.Annotations.Add(new WaitAnnotation(dependency, WaitType.WaitUntilHealthy));
        return resource;
    }

    private sealed class FlagCheck(Func<bool> healthy) : IHealthCheck
    {
        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
            Task.FromResult(healthy() ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy("not yet"));
    }

    private sealed class Lifetime : IHostApplicationLifetime, IDisposable
    {
        private readonly CancellationTokenSource _stopping = new();

        public CancellationToken ApplicationStarted => CancellationToken.None;

        public CancellationToken ApplicationStopping => _stopping.Token;

        public CancellationToken ApplicationStopped => CancellationToken.None;

        public void StopApplication() => _stopping.Cancel();

        public async Task StopAsync() => await _stopping.CancelAsync();

        public void Dispose() => _stopping.Dispose();
    }
}
