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
        var local = BudgetProfiles.Get(BudgetProfiles.Local)!["redis"];
        var change = Compare([], [("Services:redis:Cpu", local.Cpu.ToString(System.Globalization.CultureInfo.InvariantCulture))]);

        Assert.Equal(["DeployCode:Services:redis:Cpu"], change.ChangedKeys);
        Assert.Empty(change.Restart);
    }

    [Fact]
    public void AProfileChangeRestartsEveryServiceWhoseBudgetDiffers()
    {
        var change = Compare([], [("Profile", "production")]);
        var local = BudgetProfiles.Get(BudgetProfiles.Local)!;
        var production = BudgetProfiles.Get(BudgetProfiles.Production)!;

        Assert.Equal(local.Keys.Where(name => local[name] != production[name]).Order(StringComparer.Ordinal), change.Restart);
        Assert.Contains("circle-of-experts", change.Restart);
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

    private static SettingsChange Compare((string Key, string Value)[] before, (string Key, string Value)[] after)
    {
        var (beforeFlat, beforeSettings) = Read(before);
        var (afterFlat, afterSettings) = Read(after);
        return SettingsChange.Between(beforeFlat, afterFlat, beforeSettings, afterSettings);
    }

    private static (SortedDictionary<string, string> Flat, DeployCodeSettings Settings) Read((string Key, string Value)[] values)
    {
        var section = new ConfigurationBuilder()
            .AddInMemoryCollection(values.Select(value => KeyValuePair.Create($"DeployCode:{value.Key}", (string?)value.Value)))
            .Build()
            .GetSection(DeployCodeOptions.SectionName);
        return (KnownGoodConfiguration.Flatten(section), DeployCodeSettings.Read(section));
    }
}
