using Aspire.Hosting.Testing;
using DeployCode.Orchestrator.Recovery;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using StackExchange.Redis;

namespace DeployCode.AppHost.Tests;

/// <summary>Container mode's data over a killed container and an AppHost restart: its own platform, restarted.</summary>
[Collection(PlatformTestGroup.Name)]
public sealed class ContainerModeLifecycleTests(ContainerModePlatformFixture platform) : IClassFixture<ContainerModePlatformFixture>
{
    private static readonly TimeSpan s_waitLimit = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task AKilledPostgresContainerIsRecoveredWithItsDataAndDataSurvivesAnAppHostRestart()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var marker = Guid.NewGuid().ToString("N");
        await using (var database = new NpgsqlConnection(await platform.App.GetConnectionStringAsync("codedb", cancellationToken)))
        {
            await database.OpenAsync(cancellationToken);
            await new NpgsqlCommand("create table if not exists notes (id text primary key)", database).ExecuteNonQueryAsync(cancellationToken);
            await new NpgsqlCommand($"insert into notes values ('{marker}')", database).ExecuteNonQueryAsync(cancellationToken);
        }

        await using (var redis = await ConnectionMultiplexer.ConnectAsync((await platform.App.GetConnectionStringAsync("redis", cancellationToken))!))
        {
            Assert.True(await redis.GetDatabase().StringSetAsync("deploycode-test", marker));
        }

        var supervisor = platform.App.Services.GetRequiredService<ServiceSupervisor>();
        var killed = DateTimeOffset.UtcNow;
        var recovered = supervisor.WhenRecordedAsync("postgresql", "recovered", killed, s_waitLimit);
        await ContainerEngine.DockerAsync(cancellationToken, "kill", platform.ContainerId("postgresql"));
        await recovered;
        Assert.Equal(1L, await CountNotesAsync(marker, cancellationToken));

        await platform.RestartAsync(cancellationToken);

        Assert.StartsWith("Running", platform.Deployed.Snapshot.State?.Text, StringComparison.Ordinal);
        Assert.Equal(1L, await CountNotesAsync(marker, cancellationToken));
        await using var redisAgain = await ConnectionMultiplexer.ConnectAsync((await platform.App.GetConnectionStringAsync("redis", cancellationToken))!);
        Assert.Equal(marker, (string?)await redisAgain.GetDatabase().StringGetAsync("deploycode-test"));
    }

    private async Task<long> CountNotesAsync(string marker, CancellationToken cancellationToken)
    {
        await using var database = new NpgsqlConnection(await platform.App.GetConnectionStringAsync("codedb", cancellationToken));
        await database.OpenAsync(cancellationToken);
        return (long)(await new NpgsqlCommand($"select count(*) from notes where id = '{marker}'", database).ExecuteScalarAsync(cancellationToken))!;
    }
}
