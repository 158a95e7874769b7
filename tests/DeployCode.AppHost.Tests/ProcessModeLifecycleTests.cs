using System.Globalization;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;
using DeployCode.Orchestrator.Recovery;
using DeployCode.Orchestrator.Telemetry;
using Npgsql;
using StackExchange.Redis;

namespace DeployCode.AppHost.Tests;

/// <summary>Stopping and starting the AppHost again in process mode: nothing left running, nothing lost.</summary>
[Collection(PlatformTestGroup.Name)]
public sealed class ProcessModeLifecycleTests : IDisposable
{
    private static readonly TimeSpan s_stopTimeout = TimeSpan.FromSeconds(45);

    private readonly StateFolder _state = new();

    public void Dispose() => _state.Dispose();

    [Fact]
    public async Task DataSurvivesKilledServersAndAnAppHostRestartWithNewSecretsAndStoppingLeavesNoProcesses()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var marker = Guid.NewGuid().ToString("N");
        TokenPair? session = null;

        var first = await RunAsync(PlatformLauncher.NewSecrets(), async app =>
        {
            using var identity = new PlatformIdentity();
            session = await identity.AdminAsync(cancellationToken);

            await using var database = new NpgsqlConnection(await app.GetConnectionStringAsync("codedb", cancellationToken));
            await database.OpenAsync(cancellationToken);
            await new NpgsqlCommand("create table if not exists notes (id text primary key)", database).ExecuteNonQueryAsync(cancellationToken);
            await new NpgsqlCommand($"insert into notes values ('{marker}')", database).ExecuteNonQueryAsync(cancellationToken);

            await using var redis = await ConnectionMultiplexer.ConnectAsync((await app.GetConnectionStringAsync("redis", cancellationToken))!);
            Assert.True(await redis.GetDatabase().StringSetAsync("deploycode-test", marker));

            // Both servers killed outright: the supervisor restarts them, and what was written is still there.
            // A kill loses only what Redis has not yet written to its append-only file: wait until it reports that.
            await WhenAppendOnlyFileWrittenAsync((await app.GetConnectionStringAsync("redis", cancellationToken))!, cancellationToken);
            await KillAndWaitForRecoveryAsync(app, "postgresql");
            await KillAndWaitForRecoveryAsync(app, "redis");

            await using var reopened = new NpgsqlConnection(await app.GetConnectionStringAsync("codedb", cancellationToken));
            await reopened.OpenAsync(cancellationToken);
            Assert.Equal(1L, await new NpgsqlCommand($"select count(*) from notes where id = '{marker}'", reopened).ExecuteScalarAsync(cancellationToken));
            await using var redisAgain = await ConnectionMultiplexer.ConnectAsync((await app.GetConnectionStringAsync("redis", cancellationToken))!);
            Assert.Equal(marker, (string?)await redisAgain.GetDatabase().StringGetAsync("deploycode-test"));
            Assert.Equal(System.Net.HttpStatusCode.OK, await identity.StatusAsync(HttpMethod.Get, "/auth/me", session.AccessToken, cancellationToken));
        });

        var left = await LocalProcesses.WaitUntilGoneAsync(first, _state.Path, s_stopTimeout, cancellationToken);
        Assert.True(left.Count == 0, $"Still running after the AppHost stopped:{Environment.NewLine}{string.Join(Environment.NewLine, left)}");

        // New secrets: as when user secrets were lost. The platform must still reach its own data.
        var second = await RunAsync(PlatformLauncher.NewSecrets(), async app =>
        {
            await using var database = new NpgsqlConnection(await app.GetConnectionStringAsync("codedb", cancellationToken));
            await database.OpenAsync(cancellationToken);
            Assert.Equal(1L, await new NpgsqlCommand($"select count(*) from notes where id = '{marker}'", database).ExecuteScalarAsync(cancellationToken));

            await using var redis = await ConnectionMultiplexer.ConnectAsync((await app.GetConnectionStringAsync("redis", cancellationToken))!);
            Assert.Equal(marker, (string?)await redis.GetDatabase().StringGetAsync("deploycode-test"));

            // The account and its session outlive the restart (auth-service migrated its schema again, changing
            // nothing); the old access token does not, as the signing secret it was made with is gone.
            using var identity = new PlatformIdentity();
            Assert.NotNull(await identity.SignInAsync("first-admin", cancellationToken));
            var refreshed = await identity.RefreshAsync(session!.RefreshToken, cancellationToken);
            Assert.Equal(System.Net.HttpStatusCode.OK, await identity.StatusAsync(HttpMethod.Get, "/auth/me", refreshed.AccessToken, cancellationToken));
            Assert.Equal(System.Net.HttpStatusCode.Unauthorized, await identity.StatusAsync(HttpMethod.Get, "/auth/me", session.AccessToken, cancellationToken));

            // As configured out of the box, the experts have no keys: circle-of-experts runs degraded and says how to
            // configure one, and a question gets 503 with the same advice.
            using var health = await identity.Client.GetAsync(new Uri("http://127.0.0.1:8080/health"), cancellationToken);
            using var report = System.Text.Json.JsonDocument.Parse(await health.Content.ReadAsStringAsync(cancellationToken));
            var experts = report.RootElement.GetProperty("checks").GetProperty("experts");
            Assert.Equal("Degraded", experts.GetProperty("status").GetString());
            Assert.Contains("DeployCode__Experts__local__Provider=openai-compatible", experts.GetProperty("description").GetString(), StringComparison.Ordinal);
            using var asked = await identity.Client.SendAsync(PlatformIdentity.Request(HttpMethod.Post, "/experts/queries", refreshed.AccessToken, new { question = "Anyone there?" }), cancellationToken);
            Assert.Equal(System.Net.HttpStatusCode.ServiceUnavailable, asked.StatusCode);
            var problem = await asked.Content.ReadAsStringAsync(cancellationToken);
            Assert.Contains("no API key: set DeployCode:Experts:openai:ApiKey", problem, StringComparison.Ordinal);
            Assert.Contains("DeployCode__Experts__local__Provider=openai-compatible", problem, StringComparison.Ordinal);
        });

        left = await LocalProcesses.WaitUntilGoneAsync(second, _state.Path, s_stopTimeout, cancellationToken);
        Assert.True(left.Count == 0, $"Still running after the AppHost stopped:{Environment.NewLine}{string.Join(Environment.NewLine, left)}");
    }

    private static async Task WhenAppendOnlyFileWrittenAsync(string connectionString, CancellationToken cancellationToken)
    {
        // INFO is an admin command for StackExchange.Redis.
        var options = ConfigurationOptions.Parse(connectionString);
        options.AllowAdmin = true;
        await using var redis = await ConnectionMultiplexer.ConnectAsync(options);
        var server = redis.GetServers().Single();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(TimeSpan.FromSeconds(10));
        while ((await server.InfoAsync("persistence")).SelectMany(group => group).Single(entry => entry.Key == "aof_buffer_length").Value != "0")
        {
            await Task.Delay(20, deadline.Token);
        }
    }

    private static async Task KillAndWaitForRecoveryAsync(DistributedApplication app, string server)
    {
        var supervisor = app.Services.GetRequiredService<ServiceSupervisor>();
        var pid = app.Services.GetRequiredService<PlatformRegistry>().Find(server)?.ProcessId ?? throw new Xunit.Sdk.XunitException($"{server} has no process");
        var killed = DateTimeOffset.UtcNow;
        var recovered = supervisor.WhenRecordedAsync(server, "recovered", killed, TimeSpan.FromSeconds(60));
        System.Diagnostics.Process.GetProcessById(pid).Kill();
        await recovered;
        var detected = supervisor.Events.First(e => e.Service == server && e.Kind == "detected" && e.At >= killed);
        TestContext.Current.SendDiagnosticMessage($"kill -9 {server}: detected after {(detected.At - killed).TotalMilliseconds:0} ms ({detected.Detail})");
        await app.ResourceNotifications.WaitForResourceHealthyAsync(server, TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);
    }

    /// <summary>Starts the platform, runs <paramref name="use"/> against it, stops it; returns the pids it ran.</summary>
    private async Task<IReadOnlyList<int>> RunAsync(IReadOnlyDictionary<string, string> secrets, Func<DistributedApplication, Task> use)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(PlatformLauncher.StartTimeout);
        using var events = new ResourceEventLog();
        var app = await PlatformLauncher.BuildAsync(_state.Path, secrets, events, timeout.Token);
        var pids = new List<int>();
        await using (app)
        {
            await PlatformLauncher.StartAsync(app, timeout.Token);
            await use(app);

            var model = app.Services.GetRequiredService<DistributedApplicationModel>();
            foreach (var resource in PlatformLauncher.StartedHere(model))
            {
                if (app.ResourceNotifications.TryGetCurrentState(resource.Name, out var current) &&
                    current.Snapshot.Properties.FirstOrDefault(property => property.Name.EndsWith(".pid", StringComparison.Ordinal))?.Value is { } pid)
                {
                    pids.Add(Convert.ToInt32(pid, CultureInfo.InvariantCulture));
                }
            }

            Assert.True(pids.Count >= 10, $"Expected the pid of every process, got {pids.Count}");
            pids = [.. LocalProcesses.WithDescendants(pids)];
        }

        return pids;
    }
}
