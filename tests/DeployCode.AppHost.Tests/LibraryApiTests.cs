namespace DeployCode.AppHost.Tests;

/// <summary>The orchestrator's public API against its baseline, as Aspire's integrations keep one.</summary>
public sealed class LibraryApiTests
{
    [Fact]
    public async Task ThePublicApiIsTheBaseline()
    {
        var sources = OrchestratorSources.Instance;
        var baseline = Path.Combine(sources.Folder, "api", "DeployCode.Orchestrator.cs");
        var actual = PublicApi.Of(sources.Compilation);
        if (Environment.GetEnvironmentVariable("DEPLOYCODE_UPDATE_API") == "1")
        {
            await File.WriteAllTextAsync(baseline, actual, TestContext.Current.CancellationToken);
        }

        var expected = File.Exists(baseline) ? await File.ReadAllTextAsync(baseline, TestContext.Current.CancellationToken) : "";
        var changed = Difference(expected, actual);
        Assert.True(changed.Length == 0,
            $"The public API differs from DeployCode.Orchestrator/api/DeployCode.Orchestrator.cs (- baseline, + now):\n{string.Join('\n', changed)}\n" +
            "If the change is meant, regenerate the baseline: DEPLOYCODE_UPDATE_API=1 ./deploy-code test");
    }

    [Fact]
    public void OnlyWhatAnAppHostAuthorUsesIsPublic()
    {
        var api = PublicApi.Of(OrchestratorSources.Instance.Compilation);

        Assert.Contains("AddDeployCodeOrchestrator(", api, StringComparison.Ordinal);
        Assert.Contains("WithBudget<TBuilder>(", api, StringComparison.Ordinal);
        Assert.Contains("AddPlatformDatabase(this Aspire.Hosting.PlatformPostgresBuilder server", api, StringComparison.Ordinal);
        foreach (var internals in new[] { "DeployCode.Orchestrator.Resources", "DeployCode.Orchestrator.Planning", "DeployCode.Orchestrator.Deployment", "DeployCode.Orchestrator.Recovery", "DeployCode.Orchestrator.Telemetry" })
        {
            Assert.DoesNotContain($"namespace {internals}\n", api, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void ADatabaseIsAddedOnPostgreSqlAndDoesNotCompileOnRedis()
    {
        const string Program = """
            using Aspire.Hosting;
            var builder = DistributedApplication.CreateBuilder(args);
            builder.AddDeployCodeOrchestrator("deploy-code");
            var orders = builder.AddPlatformPostgres("db").AsCritical().WithBudget(cpu: 0.5, memoryMb: 512).AddPlatformDatabase("orders");
            var cache = builder.AddPlatformRedis("cache").AsCritical();
            {0}
            builder.Build().Run();
            """;

        var onPostgres = OrchestratorSources.ErrorsOfAppHost(Program.Replace("{0}", "", StringComparison.Ordinal));
        var onRedis = OrchestratorSources.ErrorsOfAppHost(Program.Replace("{0}", "cache.AddPlatformDatabase(\"sessions\");", StringComparison.Ordinal));

        Assert.Empty(onPostgres);
        var error = Assert.Single(onRedis);
        Assert.Contains("AddPlatformDatabase", error.GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }

    private static string[] Difference(string expected, string actual)
    {
        var before = expected.Split('\n');
        var after = actual.Split('\n');
        return [.. before.Except(after, StringComparer.Ordinal).Select(line => "- " + line.Trim()), .. after.Except(before, StringComparer.Ordinal).Select(line => "+ " + line.Trim())];
    }
}
