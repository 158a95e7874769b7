using System.Text.Json;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using DeployCode.Orchestrator;
using DeployCode.Orchestrator.Recovery;
using DeployCode.Orchestrator.Telemetry;
using DeployCode.Orchestrator.Deployment;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using DeployCode.Orchestrator.Model;

namespace DeployCode.AppHost.Tests;

/// <summary>A platform reading a settings file that the tests edit while it runs, as a user edits appsettings.json.</summary>
public sealed class LiveConfigurationPlatformFixture : ProcessModePlatformFixture
{
    private readonly string _folder = Directory.CreateTempSubdirectory("deploycode-settings-").FullName;

    public string SettingsFile => Path.Combine(_folder, "appsettings.json");

    protected override IEnumerable<string> Settings => ["DeployCode:Recovery:HealthyWithinSeconds=30"];

    protected override void Configure(IDistributedApplicationTestingBuilder builder)
    {
        File.WriteAllText(SettingsFile, "{}");
        builder.Configuration.AddJsonFile(SettingsFile, optional: false, reloadOnChange: true);
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }
}

/// <summary>Editing the DeployCode settings of a running platform, and the Redeploy and Roll back commands.</summary>
[Collection(PlatformTestGroup.Name)]
public sealed class LiveConfigurationFunctionalTests(LiveConfigurationPlatformFixture platform) : IClassFixture<LiveConfigurationPlatformFixture>
{
    private static readonly TimeSpan s_changeTimeout = TimeSpan.FromSeconds(90);

    private DeploymentEngine Engine => platform.App.Services.GetRequiredService<DeploymentEngine>();

    private PlatformRegistry Registry => platform.App.Services.GetRequiredService<PlatformRegistry>();

    [Fact]
    public async Task AValidChangeRestartsOnlyTheServiceWhoseSettingsChangedWithItsNewLimits()
    {
        await WhenSettledAsync();
        var before = Pids();

        var record = await EditAsync(new { Services = new Dictionary<string, object> { ["mcp-github"] = new { MemoryMb = 448 } } });

        Assert.True(record.Kind == "applied", record.Detail);
        Assert.Equal(["mcp-github"], record.Restarted);
        var after = Pids();
        Assert.NotEqual(before["mcp-github"], after["mcp-github"]);
        Assert.Equal(before.Where(entry => entry.Key != "mcp-github"), after.Where(entry => entry.Key != "mcp-github"));

        // The new budget reached the restarted process, and it is the known-good configuration now.
        var environment = await File.ReadAllTextAsync($"/proc/{after["mcp-github"]}/environ", TestContext.Current.CancellationToken);
        Assert.Contains($"DOTNET_GCHeapHardLimit=0x{448L * 1024 * 1024 * 3 / 4:X}\0", environment, StringComparison.Ordinal);
        // Without the exporter's in-memory retry, a service stops in about a second even with no dashboard to export to.
        Assert.DoesNotContain("OTEL_DOTNET_EXPERIMENTAL_OTLP_RETRY=", environment, StringComparison.Ordinal);
        var knownGood = await KnownGoodConfiguration.LoadAsync(Path.Combine(platform.StateDirectory, "deploy-code"), TestContext.Current.CancellationToken);
        Assert.Equal("448", knownGood!.Settings["DeployCode:Services:mcp-github:MemoryMb"]);
        Assert.True(platform.App.ResourceNotifications.TryGetCurrentState("deploy-code", out var orchestrator));
        Assert.StartsWith(DeploymentStates.Running, orchestrator.Snapshot.State?.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnInvalidChangeIsRefusedWithEveryProblemAndTouchesNothing()
    {
        await WhenSettledAsync();
        var before = Pids();
        var settings = Orchestrator.Settings;

        await ThenSavedAsBeforeAsync(async () =>
        {
            var record = await EditAsync(new
            {
                Services = new Dictionary<string, object> { ["mcp-memory"] = new { Cpu = "lots" }, ["redis"] = new { Port = 6390 } },
            });

            Assert.Equal("refused", record.Kind);
            Assert.Contains("DeployCode:Services:mcp-memory:Cpu: 'lots' is not a number", record.Detail, StringComparison.Ordinal);
            Assert.Contains("DeployCode:Services:redis:Port: changed from (unset) to '6390', but it is fixed while the platform runs", record.Detail, StringComparison.Ordinal);
            Assert.Empty(record.Restarted);
            Assert.Same(settings, Orchestrator.Settings);
            Assert.Equal(before, Pids());
        });
    }

    [Fact]
    public async Task ASettingsFileSavedHalfWayIsReportedAndTouchesNothing()
    {
        await WhenSettledAsync();
        var before = Pids();
        var settings = Orchestrator.Settings;

        await ThenSavedAsBeforeAsync(async () =>
        {
            var record = await EditAsync("""{ "DeployCode": { "Services": """);

            Assert.Equal("refused", record.Kind);
            Assert.StartsWith($"{platform.SettingsFile} could not be read", record.Detail, StringComparison.Ordinal);
            Assert.Same(settings, Orchestrator.Settings);
            Assert.Equal(before, Pids());
        });
    }

    [Fact]
    public async Task AChangeThatFailsItsHealthGateIsRolledBackToThePreviousConfiguration()
    {
        await WhenSettledAsync();
        var settings = Orchestrator.Settings;

        // One megabyte: the .NET runtime cannot even create its heap, so mcp-memory cannot become healthy.
        var record = await EditAsync(new { Services = new Dictionary<string, object> { ["mcp-memory"] = new { MemoryMb = 1 } } });

        Assert.True(record.Kind == "rolled-back", record.Detail);
        Assert.True(record.Succeeded, record.Detail);
        Assert.StartsWith("mcp-memory failed its health gate after the change of DeployCode:Services:mcp-memory:MemoryMb", record.Detail, StringComparison.Ordinal);
        Assert.Equal(["mcp-memory", "mcp-memory"], record.Restarted);
        Assert.Same(settings, Orchestrator.Settings);
        await platform.App.ResourceNotifications.WaitForResourceHealthyAsync("mcp-memory", TestContext.Current.CancellationToken).WaitAsync(s_changeTimeout, TestContext.Current.CancellationToken);
        Assert.True(platform.App.ResourceNotifications.TryGetCurrentState("deploy-code", out var orchestrator));
        Assert.Equal(DeploymentStates.RolledBack, orchestrator.Snapshot.State?.Text);
        Assert.Contains("mcp-memory failed its health gate", orchestrator.Snapshot.Properties.Single(property => property.Name == OrchestratorProperties.RollbackCause).Value?.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RollBackStartsAStoppedServiceAgainAndRedeployRestartsEverythingPhaseByPhase()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await WhenSettledAsync();
        var github = platform.App.Services.GetRequiredService<DistributedApplicationModel>().Resources.Single(resource => resource.Name == "mcp-github");
        var commands = platform.App.Services.GetRequiredService<ResourceCommandService>();
        // Stopped as a rollback stops it (DCP's own Stop can time out on a `dotnet run` project; this one kills it then).
        await platform.App.Services.GetRequiredService<ServiceSupervisor>().StopWithDependentsAsync(github, [], "the test stopped it", cancellationToken).WaitAsync(s_changeTimeout, cancellationToken);

        var rollBack = await commands.ExecuteCommandAsync("deploy-code", "roll-back", cancellationToken).WaitAsync(s_changeTimeout, cancellationToken);

        Assert.True(rollBack.Success, rollBack.Message);
        Assert.Contains("mcp-github", Engine.History[^1].Restarted);
        await platform.App.ResourceNotifications.WaitForResourceHealthyAsync("mcp-github", cancellationToken).WaitAsync(s_changeTimeout, cancellationToken);

        var before = Pids();
        var redeploy = await commands.ExecuteCommandAsync("deploy-code", "redeploy", cancellationToken).WaitAsync(TimeSpan.FromMinutes(4), cancellationToken);

        Assert.True(redeploy.Success, redeploy.Message);
        var after = Pids();
        Assert.All(before, entry => Assert.NotEqual(entry.Value, after[entry.Key]));
        var phases = Engine.History[^1].Restarted.Select(Phase).ToArray();
        Assert.Equal(phases.Order(), phases);
        Assert.Equal(before.Count, phases.Length);
        Assert.True(platform.App.ResourceNotifications.TryGetCurrentState("deploy-code", out var orchestrator));
        Assert.StartsWith(DeploymentStates.Running, orchestrator.Snapshot.State?.Text, StringComparison.Ordinal);
    }

    private OrchestratorResource Orchestrator => platform.App.Services.GetRequiredService<DistributedApplicationModel>().Resources.OfType<OrchestratorResource>().Single();

    private SortedDictionary<string, string> ConfiguredNow() =>
        KnownGoodConfiguration.Flatten(platform.App.Services.GetRequiredService<IConfiguration>().GetSection("DeployCode"));

    private int? Phase(string service) => Registry.Find(service)?.Phase;

    private Dictionary<string, int?> Pids() => Registry.Entries.ToDictionary(entry => entry.Name, entry => entry.ProcessId, StringComparer.Ordinal);

    /// <summary>Writes the settings file and waits for what the platform made of it.</summary>
    private Task<UpdateRecord> EditAsync(object deployCode) => EditAsync(JsonSerializer.Serialize(new { DeployCode = deployCode }));

    private async Task<UpdateRecord> EditAsync(string text)
    {
        var done = new TaskCompletionSource<UpdateRecord>(TaskCreationOptions.RunContinuationsAsynchronously);
        void Watch(UpdateRecord record) => done.TrySetResult(record);
        Engine.Recorded += Watch;
        try
        {
            await File.WriteAllTextAsync(platform.SettingsFile, text, TestContext.Current.CancellationToken);
            return await done.Task.WaitAsync(s_changeTimeout, TestContext.Current.CancellationToken);
        }
        finally
        {
            Engine.Recorded -= Watch;
        }
    }

    /// <summary>
    /// Runs a test that leaves a refused settings file, then saves the file as it was, as a user would, and waits
    /// until the platform has read it back. The tests that follow start from a valid file: Redeploy takes up the
    /// file as it is and rightly refuses a broken one. xunit's order of the tests differs from one checkout path to another.
    /// </summary>
    private async Task ThenSavedAsBeforeAsync(Func<Task> test)
    {
        var text = await File.ReadAllTextAsync(platform.SettingsFile, TestContext.Current.CancellationToken);
        var configured = ConfiguredNow();
        try
        {
            await test();
        }
        finally
        {
            await File.WriteAllTextAsync(platform.SettingsFile, text, TestContext.Current.CancellationToken);
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
            deadline.CancelAfter(s_changeTimeout);
            while (!ConfiguredNow().SequenceEqual(configured))
            {
                await Task.Delay(100, deadline.Token);
            }
        }
    }

    /// <summary>Deployed, and no change under way (tests of the class share the platform and run one after another).</summary>
    private async Task WhenSettledAsync()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await platform.App.ResourceNotifications
            .WaitForResourceAsync("deploy-code", e => e.Snapshot.State?.Text is { } state && (state.StartsWith(DeploymentStates.Running, StringComparison.Ordinal) || state == DeploymentStates.RolledBack), cancellationToken)
            .WaitAsync(TimeSpan.FromMinutes(1), cancellationToken);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(s_changeTimeout);
        while (!Engine.IsReady || Engine.IsBusy)
        {
            await Task.Delay(100, deadline.Token);
        }
    }
}
