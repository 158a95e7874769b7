using DeployCode.Orchestrator.Recovery;
using Microsoft.Extensions.Configuration;

namespace DeployCode.Orchestrator.Tests;

public sealed class KnownGoodConfigurationTests
{
    [Fact]
    public void TheSectionIsKeptAsFlatConfigurationKeys()
    {
        var section = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["DeployCode:Runtime"] = "process",
            ["DeployCode:Services:redis:Cpu"] = "0.5",
            ["Other:Setting"] = "ignored",
        }).Build().GetSection("DeployCode");

        var settings = KnownGoodConfiguration.Flatten(section);

        Assert.Equal(["DeployCode:Runtime", "DeployCode:Services:redis:Cpu"], settings.Keys);
        Assert.Equal("0.5", settings["DeployCode:Services:redis:Cpu"]);
    }

    [Fact]
    public void AnExpertsApiKeyIsKeptOnlyAsAFingerprintThatStillShowsAChange()
    {
        static string Flattened(string key) => KnownGoodConfiguration.Flatten(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["DeployCode:Experts:openai:Model"] = "gpt-4o-mini",
            ["DeployCode:Experts:openai:ApiKey"] = key,
        }).Build().GetSection("DeployCode"))["DeployCode:Experts:openai:ApiKey"];

        var first = Flattened("sk-first-5d1e");

        Assert.DoesNotContain("sk-first", first, StringComparison.Ordinal);
        Assert.StartsWith("sha256:", first, StringComparison.Ordinal);
        Assert.Equal(first, Flattened("sk-first-5d1e"));
        Assert.NotEqual(first, Flattened("sk-second-8a40"));
    }

    [Fact]
    public async Task EachSaveKeepsThePreviousOneAndLeavesNoTemporaryFile()
    {
        using var folder = new TempFolder();
        var cancellationToken = TestContext.Current.CancellationToken;
        var first = new DateTimeOffset(2026, 11, 27, 10, 0, 0, TimeSpan.Zero);

        await KnownGoodConfiguration.SaveAsync(folder.Path, new Dictionary<string, string> { ["DeployCode:Services:redis:Cpu"] = "0.5" }, first, cancellationToken);
        await KnownGoodConfiguration.SaveAsync(folder.Path, new Dictionary<string, string> { ["DeployCode:Services:redis:Cpu"] = "1" }, first.AddHours(1), cancellationToken);

        var latest = await KnownGoodConfiguration.LoadAsync(folder.Path, cancellationToken);
        Assert.NotNull(latest);
        Assert.Equal("1", latest.Settings["DeployCode:Services:redis:Cpu"]);
        Assert.Equal(first.AddHours(1), latest.DeployedAt);
        Assert.Contains("\"0.5\"", await File.ReadAllTextAsync(Path.Combine(folder.Path, KnownGoodConfiguration.PreviousFileName), cancellationToken), StringComparison.Ordinal);
        Assert.Equal([KnownGoodConfiguration.FileName, KnownGoodConfiguration.PreviousFileName], Directory.GetFiles(folder.Path).Select(Path.GetFileName).Order());
    }

    [Fact]
    public async Task BeforeAnySuccessfulDeploymentThereIsNothingToRestore()
    {
        using var folder = new TempFolder();

        Assert.Null(await KnownGoodConfiguration.LoadAsync(folder.Path, TestContext.Current.CancellationToken));
    }
}
