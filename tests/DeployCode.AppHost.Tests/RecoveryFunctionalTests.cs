using System.Diagnostics;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using DeployCode.Orchestrator;
using DeployCode.Orchestrator.Recovery;
using Microsoft.Extensions.DependencyInjection;
using DeployCode.Orchestrator.Model;
using DeployCode.Testing;

namespace DeployCode.AppHost.Tests;

/// <summary>
/// A platform whose recovery acts fast enough for a test (checks every second, short back-off), with one more
/// component, <c>fs-consumer</c>, that waits for mcp-filesystem (a dependent for a rollback to stop), and two
/// replicas of mcp-memory.
/// </summary>
public sealed class RecoveryPlatformFixture : ProcessModePlatformFixture
{
    public const string Consumer = "fs-consumer";

    private AlertReceiver? _alerts;

    /// <summary>Who the platform's alerts reach: Alertmanager posts them here, each rule firing the first time its condition holds.</summary>
    public AlertReceiver Alerts => _alerts ?? throw new InvalidOperationException("The platform did not start.");

    protected override IEnumerable<string> Settings =>
        [$"DeployCode:Alerts:WebhookUrl={Alerts.Address}", "DeployCode:Alerts:ForSeconds=0", "DeployCode:Alerts:GroupWaitSeconds=1", "DeployCode:Alerts:GroupIntervalSeconds=1", "DeployCode:Telemetry:ScrapeIntervalSeconds=2",
         "DeployCode:Recovery:BackoffBaseMilliseconds=200", "DeployCode:Recovery:HealthyWithinSeconds=8", "DeployCode:Recovery:BreakSeconds=5", "DeployCode:Services:mcp-memory:Replicas=2",
         // The replica's port is chosen from the range when the model is built and bound later; earlier platforms
         // of the same test host leave listeners at the start of the default range, so this one takes its own.
         "DeployCode:Ports:RangeStart=21000", "DeployCode:Ports:RangeEnd=21999"];

    protected override async Task BeforeStartAsync(CancellationToken cancellationToken) => _alerts = await AlertReceiver.StartAsync(cancellationToken);

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (_alerts is not null)
        {
            await _alerts.DisposeAsync();
        }
    }

    protected override void Configure(IDistributedApplicationTestingBuilder builder)
    {
        var filesystem = builder.CreateResourceBuilder(builder.Resources.OfType<ProjectResource>().Single(resource => resource.Name == "mcp-filesystem"));
        builder.AddExecutable(Consumer, "sleep", StateDirectory, "infinity").WaitFor(filesystem);
    }
}

/// <summary>Faults injected into the real platform: a killed process, a service that keeps failing its health check.</summary>
[Collection(PlatformTestGroup.Name)]
public sealed class RecoveryFunctionalTests(RecoveryPlatformFixture platform) : IClassFixture<RecoveryPlatformFixture>
{
    private ServiceSupervisor Supervisor => platform.App.Services.GetRequiredService<ServiceSupervisor>();

    private DeployCode.Orchestrator.Deployment.DeploymentEngine Engine => platform.App.Services.GetRequiredService<DeployCode.Orchestrator.Deployment.DeploymentEngine>();

    [Fact]
    public async Task AKilledServiceIsDetectedRestartedAndHealthyAgain()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await WhenDeployedAsync();
        var before = Pid("mcp-github");
        var server = ServerOf("mcp-github");

        var killed = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        Process.GetProcessById(server).Kill();
        var recovered = await Supervisor.WhenRecordedAsync("mcp-github", "recovered", killed, TimeSpan.FromSeconds(60));
        await platform.App.ResourceNotifications.WaitForResourceHealthyAsync("mcp-github", cancellationToken).WaitAsync(TimeSpan.FromSeconds(60), cancellationToken);

        // The exit itself, or a failed health check just before DCP reported it, whichever came first.
        var detected = Supervisor.Events.First(e => e.Service == "mcp-github" && e.Kind == "detected" && e.At >= killed);
        Assert.Contains(Supervisor.Events, e => e.Service == "mcp-github" && e.Kind == "detected" && e.Detail.Contains("exited", StringComparison.Ordinal));
        Assert.True(detected.At - killed < TimeSpan.FromSeconds(2), $"detected {(detected.At - killed).TotalMilliseconds:0} ms after the kill");
        Assert.NotEqual(before, Pid("mcp-github"));
        Assert.Equal("healthy after restart 1", recovered.Detail);
        TestContext.Current.SendDiagnosticMessage($"kill -9 mcp-github: detected after {(detected.At - killed).TotalMilliseconds:0} ms, healthy after {clock.Elapsed.TotalSeconds:0.0} s");
    }

    [Fact]
    public async Task AHungServiceIsNoticedByItsProbesTimingOutAndIsKilledAndReplaced()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await WhenDeployedAsync();
        var before = Pid("mcp-github");
        var server = ServerOf("mcp-github");

        // SIGSTOP: the process lives and keeps its port, so connections are accepted, but nothing answers them.
        var frozen = DateTimeOffset.UtcNow;
        await SignalAsync("STOP", server, cancellationToken);
        try
        {
            var recovered = await Supervisor.WhenRecordedAsync("mcp-github", "recovered", frozen, TimeSpan.FromSeconds(90));
            await platform.App.ResourceNotifications.WaitForResourceHealthyAsync("mcp-github", cancellationToken).WaitAsync(TimeSpan.FromSeconds(60), cancellationToken);

            var events = Supervisor.Events.Where(e => e.Service == "mcp-github" && e.At >= frozen).ToArray();
            var story = string.Join(Environment.NewLine, events.Select(e => $"{e.At:HH:mm:ss.fff} {e.Kind}: {e.Detail}"));
            Assert.True(events.Any(e => e.Kind == "detected" && e.Detail.Contains("the last without an answer within 2 s", StringComparison.Ordinal)), story);
            // Killed rather than asked to stop, which a stopped process cannot do.
            Assert.True(events.Any(e => e.Kind == "force-stopping" && e.Detail == "it does not answer; killing its processes"), story);
            var stat = $"/proc/{server}/stat";
            Assert.False(File.Exists(stat) && !File.ReadAllText(stat).Contains(") Z ", StringComparison.Ordinal), $"the hung server {server} still runs");
            Assert.NotEqual(before, Pid("mcp-github"));
            // The gateway, whose /health asks mcp-github's, answers in time all along (Degraded), and is left alone.
            Assert.DoesNotContain(Supervisor.Events, e => e.Service == "api-gateway" && e.At >= frozen && e.Kind is "detected" or "restarting");
            TestContext.Current.SendDiagnosticMessage($"SIGSTOP mcp-github: {recovered.Detail} after {(recovered.At - frozen).TotalSeconds:0.0} s");
        }
        finally
        {
            // Whatever happened, nothing is left frozen for the tests after this one.
            await SignalAsync("CONT", server, CancellationToken.None);
        }
    }

    [Fact]
    public async Task AServiceThatKeepsFailingItsHealthCheckOpensItsCircuitIsRestartedThreeTimesAndRolledBackWithItsDependentsStopped()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await WhenDeployedAsync();
        var consumer = Pid(RecoveryPlatformFixture.Consumer);

        // The file server's root replaced by a plain file: its /health fails, and no restart can fix that.
        var root = Path.Combine(platform.StateDirectory, "mcp-filesystem");
        Directory.Delete(root, recursive: true);
        await File.WriteAllTextAsync(root, "not a folder", cancellationToken);

        await WaitForEventAsync("mcp-filesystem", "gave-up", TimeSpan.FromSeconds(120));
        // The rollback stops its dependent first, then it.
        var orchestrator = await platform.App.ResourceNotifications
            .WaitForResourceAsync("deploy-code", e => e.Snapshot.State?.Text == DeploymentStates.RolledBack, cancellationToken)
            .WaitAsync(TimeSpan.FromSeconds(60), cancellationToken);

        var events = Supervisor.Events.Where(e => e.Service == "mcp-filesystem").ToArray();
        var story = string.Join(Environment.NewLine, Supervisor.Events.Select(e => $"{e.At:HH:mm:ss.fff} {e.Service} {e.Kind}: {e.Detail}"));
        Assert.True(events.Any(e => e.Kind == "circuit" && e.Detail == "Closed → Open"), story);
        Assert.True(events.Any(e => e.Kind == "detected" && e.Detail.Contains("health check failed 5 times in a row", StringComparison.Ordinal)), story);
        Assert.True(events.Where(e => e.Kind == "restarting").Select(e => e.Detail).SequenceEqual(["attempt 1", "attempt 2", "attempt 3"]), story);
        var stopped = Supervisor.Events.Where(e => e.Kind == "stopped" && e.Detail.Contains("mcp-filesystem stays down", StringComparison.Ordinal)).Select(e => e.Service).ToArray();
        Assert.True(stopped.SequenceEqual([RecoveryPlatformFixture.Consumer, "mcp-filesystem"]), story);

        // The cause is on the orchestrator; the known-good configuration is the running one, so they stay stopped.
        var cause = orchestrator.Snapshot.Properties.Single(property => property.Name == OrchestratorProperties.RollbackCause).Value?.ToString();
        Assert.StartsWith("mcp-filesystem: its health check failed 5 times in a row", cause, StringComparison.Ordinal);
        var rollback = Engine.History.Single(record => record.Kind == "rolled-back");
        Assert.Contains("stay stopped", rollback.Detail, StringComparison.Ordinal);
        Assert.Empty(rollback.Restarted);
        foreach (var name in new[] { "mcp-filesystem", RecoveryPlatformFixture.Consumer })
        {
            await platform.App.ResourceNotifications
                .WaitForResourceAsync(name, e => KnownResourceStates.TerminalStates.Contains(e.Snapshot.State?.Text), cancellationToken)
                .WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
        }

        Assert.NotEqual(CircuitState.Closed, Supervisor.CircuitOf("mcp-filesystem"));

        // The alert the flow sends to monitoring when a circuit opens reaches someone: Prometheus's rule, Alertmanager, the webhook.
        await platform.Alerts.WhenReceivedAsync(
            alert => alert.Status == "firing" && alert.Labels.GetValueOrDefault("alertname") == "CircuitOpen" && alert.Labels.GetValueOrDefault("service") == "mcp-filesystem",
            TimeSpan.FromSeconds(60), cancellationToken);

        // Nothing of them is left running.
        var left = await LocalProcesses.WaitUntilGoneAsync([consumer], "DeployCode.McpFilesystem", TimeSpan.FromSeconds(15), cancellationToken);
        Assert.True(left.Count == 0, $"Still running: {string.Join(", ", left)}");

        // The rest of the platform is untouched. The gateway, which routes to mcp-filesystem without depending on it,
        // keeps serving: Degraded, naming the missing server, and never restarted for it.
        Assert.True(platform.App.ResourceNotifications.TryGetCurrentState("auth-service", out var auth) && auth.Snapshot.State?.Text == KnownResourceStates.Running);
        using var gateway = new HttpClient { BaseAddress = new Uri("http://127.0.0.1:8088/") };
        using var health = await gateway.GetAsync(new Uri("/health", UriKind.Relative), cancellationToken);
        Assert.Equal(System.Net.HttpStatusCode.OK, health.StatusCode);
        using var report = System.Text.Json.JsonDocument.Parse(await health.Content.ReadAsStringAsync(cancellationToken));
        Assert.Equal("Degraded", report.RootElement.GetProperty("status").GetString());
        Assert.Equal("Degraded", report.RootElement.GetProperty("checks").GetProperty("mcp-filesystem").GetProperty("status").GetString());
        Assert.DoesNotContain(Supervisor.Events, e => e.Service == "api-gateway" && e.Kind == "restarting");
    }

    [Fact]
    public async Task WhenAServiceWithAReplicaCannotBeRestartedItsDependentsMoveToTheHealthyReplica()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await WhenDeployedAsync();
        var model = platform.App.Services.GetRequiredService<DistributedApplicationModel>();
        var replica = model.Resources.OfType<ProjectResource>().Single(resource => resource.Name == "mcp-memory-2");
        await platform.App.ResourceNotifications.WaitForResourceHealthyAsync(replica.Name, cancellationToken).WaitAsync(TimeSpan.FromSeconds(60), cancellationToken);
        var port = model.Resources.Single(resource => resource.Name == "mcp-memory").Annotations.OfType<PlatformPortAnnotation>().Single().LocalPort;
        var moved = Engine.WhenRecordedAsync("moved", TimeSpan.FromSeconds(150));

        // Killed, and its port taken by another process before it comes back: no restart can bind it.
        var killed = DateTimeOffset.UtcNow;
        Process.GetProcessById(ServerOf("mcp-memory")).Kill();
        using var squatter = await TakePortAsync(port, cancellationToken);

        var record = await moved;

        // Someone hears of it: Prometheus cannot scrape it, its rules fire at once (ForSeconds=0), and Alertmanager
        // posts them to the webhook. (A service the supervisor brings back within a second or two may be up again
        // before Prometheus's next scrape; this one stays down.)
        var alert = await platform.Alerts.WhenReceivedAsync(
            alert => alert.Status == "firing" && alert.ReceivedAt >= killed && alert.Labels.GetValueOrDefault("job") == "mcp-memory"
                && alert.Labels.GetValueOrDefault("alertname") is "TargetDown" or "McpServerDown",
            TimeSpan.FromSeconds(60), cancellationToken);
        TestContext.Current.SendDiagnosticMessage($"mcp-memory killed: {alert.Labels["alertname"]} at the webhook {(alert.ReceivedAt - killed).TotalSeconds:0.0} s after the kill");
        var story = string.Join(Environment.NewLine, Supervisor.Events.Where(e => e.Service == "mcp-memory").Select(e => $"{e.At:HH:mm:ss.fff} {e.Kind}: {e.Detail}"));
        Assert.True(record.Succeeded, record.Detail + Environment.NewLine + story);
        Assert.Contains("moved the work of mcp-memory to mcp-memory-2", record.Detail, StringComparison.Ordinal);
        Assert.True(Supervisor.Events.Where(e => e.Service == "mcp-memory" && e.Kind == "restarting").Select(e => e.Detail).TakeLast(3).SequenceEqual(["attempt 1", "attempt 2", "attempt 3"]), story);
        Assert.Equal(["circle-of-experts", "mcp-bashgod"], record.Restarted.Order(StringComparer.Ordinal));

        // The dependents reach the replica now, and pass their health checks against it.
        var replicaUrl = replica.GetEndpoint("http").Url;
        foreach (var dependent in record.Restarted)
        {
            await platform.App.ResourceNotifications.WaitForResourceHealthyAsync(dependent, cancellationToken).WaitAsync(TimeSpan.FromSeconds(60), cancellationToken);
            var server = ServerOf(dependent);
            var environment = await File.ReadAllTextAsync($"/proc/{server}/environ", cancellationToken);
            Assert.Contains($"services__mcp-memory__http__0={replicaUrl}\0", environment, StringComparison.Ordinal);
        }

        Assert.True(platform.App.ResourceNotifications.TryGetCurrentState("deploy-code", out var orchestrator));
        Assert.StartsWith(DeploymentStates.Running, orchestrator.Snapshot.State?.Text, StringComparison.Ordinal);
    }

    /// <summary>Listens on the port as soon as the killed process has let go of it.</summary>
    private static async Task<System.Net.Sockets.TcpListener> TakePortAsync(int port, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(TimeSpan.FromSeconds(5));
        while (true)
        {
            var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, port);
            try
            {
                listener.Start();
                return listener;
            }
            catch (System.Net.Sockets.SocketException)
            {
                listener.Dispose();
                await Task.Delay(5, deadline.Token);
            }
        }
    }

    // A service is the process DCP started (its built program); one Aspire runs through `dotnet run` is the process under it.
    private int ServerOf(string service)
    {
        var started = Pid(service);
        static bool IsService(int pid) => Process.GetProcessById(pid).ProcessName.StartsWith("DeployCode", StringComparison.Ordinal);
        return IsService(started) ? started : LocalProcesses.WithDescendants([started]).Single(pid => pid != started && IsService(pid));
    }

    private static async Task SignalAsync(string signal, int pid, CancellationToken cancellationToken)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", [$"-{signal}", pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]) { RedirectStandardError = true })!;
        await kill.WaitForExitAsync(cancellationToken).WaitAsync(TimeSpan.FromSeconds(10), cancellationToken);
    }

    private int Pid(string service) =>
        platform.App.Services.GetRequiredService<DeployCode.Orchestrator.Telemetry.PlatformRegistry>().Find(service)?.ProcessId
        ?? throw new Xunit.Sdk.XunitException($"{service} has no process");

    private async Task<RecoveryEvent> WaitForEventAsync(string service, string kind, TimeSpan timeout)
    {
        try
        {
            return await Supervisor.WhenRecordedAsync(service, kind, DateTimeOffset.MinValue, timeout);
        }
        catch (Xunit.Sdk.XunitException failure)
        {
            var states = platform.Events.Changes.Where(change => change.Resource == service).Select(change => change.State).Distinct();
            throw new Xunit.Sdk.XunitException($"{failure.Message}; its states: {string.Join(" → ", states)}");
        }
    }

    // Deployed: Running, or Rolled back when another test of the class broke a service first.
    private Task<ResourceEvent> WhenDeployedAsync() => platform.App.ResourceNotifications
        .WaitForResourceAsync("deploy-code", e => e.Snapshot.State?.Text is { } state && (state.StartsWith(DeploymentStates.Running, StringComparison.Ordinal) || state == DeploymentStates.RolledBack), TestContext.Current.CancellationToken)
        .WaitAsync(TimeSpan.FromMinutes(1), TestContext.Current.CancellationToken);
}
