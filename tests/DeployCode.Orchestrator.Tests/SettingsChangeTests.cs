using DeployCode.Orchestrator.Configuration;
using DeployCode.Orchestrator.Recovery;
using Microsoft.Extensions.Configuration;

namespace DeployCode.Orchestrator.Tests;

public sealed class SettingsChangeTests
{
    [Fact]
    public void AServiceBudgetChangeRestartsOnlyThatService()
    {
        var change = Compare([("Runtime", "auto")], [("Runtime", "auto"), ("Services:mcp-github:MemoryMb", "448")]);

        Assert.Equal(["DeployCode:Services:mcp-github:MemoryMb"], change.ChangedKeys);
        Assert.Equal(["mcp-github"], change.Restart);
        Assert.Empty(change.Fixed);
    }

    [Fact]
    public void ASettingPutBackToTheProfileValueIsNoChangeToTheService()
    {
        var change = Compare([], [("Services:cache:Cpu", "0.1")]);

        Assert.Equal(["DeployCode:Services:cache:Cpu"], change.ChangedKeys);
        Assert.Empty(change.Restart);
    }

    [Fact]
    public void ASettingThatGivesWhatTheModelGivesIsNoChangeToTheService()
    {
        var given = new Dictionary<string, ServiceBudget> { ["worker"] = new(0.5, 256, 0, 0, false, false, 1) };

        var change = Compare([], [("Services:worker:Cpu", "0.5")], given);

        Assert.Equal(["DeployCode:Services:worker:Cpu"], change.ChangedKeys);
        Assert.Empty(change.Restart);
    }

    [Fact]
    public void ASettingOverTheModelsBudgetRestartsThatService()
    {
        var given = new Dictionary<string, ServiceBudget> { ["worker"] = new(0.5, 256, 0, 0, false, false, 1) };

        var change = Compare([], [("Services:worker:MemoryMb", "512")], given);

        Assert.Equal(["worker"], change.Restart);
    }

    [Fact]
    public void AProfileChangeRestartsEveryServiceWhoseBudgetDiffers()
    {
        var change = Compare([], [("Profile", "production")]);

        Assert.Equal(["api", "db"], change.Restart);
    }

    [Fact]
    public void BudgetEnforcementAndBufferChangeWithoutRestartingAnything()
    {
        var change = Compare([], [("Budget:BufferPercent", "10"), ("Budget:Enforcement", "warn")]);

        Assert.Equal(2, change.ChangedKeys.Count);
        Assert.Empty(change.Restart);
        Assert.Empty(change.Fixed);
    }

    [Theory]
    [InlineData("Services:redis:Port", "6380")]
    [InlineData("Services:api-gateway:Replicas", "2")]
    [InlineData("Runtime", "container")]
    [InlineData("Ports:RangeStart", "31000")]
    [InlineData("Recovery:MaxRestarts", "5")]
    [InlineData("Telemetry:Port", "9465")]
    [InlineData("Alerts:AiCostPerHourUsd", "20")]
    public void SettingsThatShapeTheRunningModelAreFixedAndNamedWithTheFix(string key, string value)
    {
        var change = Compare([], [(key, value)]);

        var problem = Assert.Single(change.Fixed);
        Assert.Equal($"DeployCode:{key}", problem.Path);
        Assert.Contains($"to '{value}'", problem.Problem, StringComparison.Ordinal);
        Assert.Contains("restart the AppHost", problem.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public void KeysDifferingOnlyInCaseAreTheSameSetting()
    {
        var change = Compare([("Services:redis:Cpu", "0.3")], [("services:REDIS:cpu", "0.3")]);

        Assert.True(change.IsEmpty);
    }

    [Fact]
    public void ARemovedSettingIsAChangeBackToTheProfile()
    {
        var change = Compare([("Services:mcp-memory:Cpu", "0.5")], []);

        Assert.Equal(["DeployCode:Services:mcp-memory:Cpu"], change.ChangedKeys);
        Assert.Equal(["mcp-memory"], change.Restart);
    }

    [Fact]
    public void AnExpertsNewModelRestartsWhatConsultsTheExpertsAndNoBudget()
    {
        (string, string)[] openai = [("Experts:openai:Provider", "openai"), ("Experts:openai:Model", "gpt-4o-mini")];
        var change = Compare(openai, [("Experts:openai:Provider", "openai"), ("Experts:openai:Model", "gpt-4o")]);

        Assert.Equal(["DeployCode:Experts:openai:Model"], change.ChangedKeys);
        Assert.True(change.ExpertsChanged);
        Assert.Empty(change.Restart);
        Assert.Empty(change.Fixed);
    }

    [Fact]
    public void AnExpertWithoutAKeyCanBeAddedAndRemovedWhileThePlatformRuns()
    {
        (string, string)[] local = [("Experts:local:Provider", "openai-compatible"), ("Experts:local:Model", "llama3.1"), ("Experts:local:BaseUrl", "http://localhost:11434/v1")];

        var added = Compare([], local);
        var removed = Compare(local, []);

        Assert.True(added.ExpertsChanged);
        Assert.Empty(added.Fixed);
        Assert.True(removed.ExpertsChanged);
        Assert.Empty(removed.Fixed);
    }

    [Theory]
    [InlineData(null, "sk-new-7c2d", "was set")]
    [InlineData("sk-old-91ab", "sk-new-7c2d", "was changed")]
    [InlineData("sk-old-91ab", null, "was removed")]
    public void AnApiKeyIsFixedForTheRunAndItsValueIsNeverShown(string? before, string? after, string described)
    {
        (string, string)[] Expert(string? key) =>
            [("Experts:openai:Provider", "openai"), ("Experts:openai:Model", "gpt-4o-mini"), .. key is null ? Array.Empty<(string, string)>() : [("Experts:openai:ApiKey", key)]];

        var change = Compare(Expert(before), Expert(after));

        var problem = Assert.Single(change.Fixed);
        Assert.Equal("DeployCode:Experts:openai:ApiKey", problem.Path);
        Assert.Contains(described, problem.Problem, StringComparison.Ordinal);
        Assert.Contains("restart the AppHost", problem.Fix, StringComparison.Ordinal);
        Assert.DoesNotContain("sk-", problem.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("sha256", problem.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void AnExpertValueWrittenDifferentlyIsNoChangeToTheService()
    {
        (string, string)[] Expert(string weight) => [("Experts:openai:Provider", "openai"), ("Experts:openai:Model", "gpt-4o-mini"), ("Experts:openai:Weight", weight)];

        var change = Compare(Expert("1"), Expert("1.0"));

        Assert.Equal(["DeployCode:Experts:openai:Weight"], change.ChangedKeys);
        Assert.False(change.ExpertsChanged);
    }

    private static SettingsChange Compare((string Key, string Value)[] before, (string Key, string Value)[] after, Dictionary<string, ServiceBudget>? given = null)
    {
        var (beforeFlat, beforeSettings) = Read(before);
        var (afterFlat, afterSettings) = Read(after);
        return SettingsChange.Between(beforeFlat, afterFlat, beforeSettings, afterSettings, given ?? []);
    }

    private static (SortedDictionary<string, string> Flat, DeployCodeSettings Settings) Read((string Key, string Value)[] values)
    {
        var section = new ConfigurationBuilder()
            .AddInMemoryCollection(TestProfiles.Values.Concat(values).Select(value => KeyValuePair.Create($"DeployCode:{value.Key}", (string?)value.Value)))
            .Build()
            .GetSection(DeployCodeOptions.SectionName);
        return (KnownGoodConfiguration.Flatten(section), DeployCodeSettings.Read(section));
    }
}
