using Aspire.Hosting;
using DeployCode.Orchestrator.Configuration;

namespace DeployCode.Orchestrator.Tests;

public sealed class RecoveryOptionsTests
{
    [Fact]
    public void TheDefaultsAreThePlatformsFigures()
    {
        var options = Orchestrator().Options.Recovery;

        Assert.Equal(5, options.FailureThreshold);
        Assert.Equal(TimeSpan.FromSeconds(60), options.BreakDuration);
        Assert.Equal(3, options.HalfOpenTrials);
        Assert.Equal(3, options.SuccessesToClose);
        Assert.Equal(3, options.MaxRestarts);
        Assert.Equal(TimeSpan.FromSeconds(300), options.BackoffCap);
        Assert.Equal(TimeSpan.FromSeconds(1), options.ProbeInterval);
    }

    [Fact]
    public void EachSettingIsReadFromTheDeployCodeSection()
    {
        var options = Orchestrator("DeployCode:Recovery:FailureThreshold=2", "DeployCode:Recovery:BreakSeconds=10", "DeployCode:Recovery:MaxRestarts=1",
            "DeployCode:Recovery:BackoffBaseMilliseconds=250", "DeployCode:Recovery:ProbeIntervalMilliseconds=500").Options.Recovery;

        Assert.Equal(2, options.FailureThreshold);
        Assert.Equal(TimeSpan.FromSeconds(10), options.BreakDuration);
        Assert.Equal(1, options.MaxRestarts);
        Assert.Equal(TimeSpan.FromMilliseconds(250), options.BackoffBase);
        Assert.Equal(TimeSpan.FromMilliseconds(500), options.ProbeInterval);
    }

    [Fact]
    public void EveryUnusableValueOfEverySectionIsReportedAtOnce()
    {
        var error = Assert.Throws<DeployCodeConfigurationException>(() => Orchestrator(
            "DeployCode:Runtime=kubernetes", "DeployCode:Gpus=many", "DeployCode:Ports:RangeStart=zero", "DeployCode:Telemetry:Port=70000",
            "DeployCode:Recovery:MaxRestarts=-1", "DeployCode:Gating:Enabled=maybe", "DeployCode:Health:ProbeTimeoutMilliseconds=5",
            "DeployCode:Publish:Tag=-latest", "DeployCode:Publish:Registy=typo", "DeployCode:Services:api:Cpu=lots"));

        Assert.Equal(
            [
                "DeployCode:Runtime", "DeployCode:Gpus", "DeployCode:Ports:RangeStart", "DeployCode:Telemetry:Port", "DeployCode:Recovery:MaxRestarts",
                "DeployCode:Gating:Enabled", "DeployCode:Health:ProbeTimeoutMilliseconds", "DeployCode:Publish:Registy", "DeployCode:Publish:Tag", "DeployCode:Services:api:Cpu",
            ],
            error.Problems.Select(problem => problem.Path));
        Assert.All(error.Problems, problem => Assert.Contains(problem.ToString(), error.Message, StringComparison.Ordinal));
    }

    [Fact]
    public void WhatWasReadBeforeIsReadStill()
    {
        var options = Orchestrator("DeployCode:Runtime=", "DeployCode:Gpus=AUTO", "DeployCode:PUBLISH:REGISTRY=registry.example.internal/shop", "DeployCode:Publish:tag=1.2.3").Options;

        Assert.Equal("registry.example.internal/shop", options.Publish.Registry);
        Assert.Equal("1.2.3", options.Publish.Tag);
    }

    [Theory]
    [InlineData("DeployCode:Gpus= 2", "DeployCode:Gpus")]
    [InlineData("DeployCode:Ports:RangeStart=80", "DeployCode:Ports:RangeStart")]
    [InlineData("DeployCode:Ports:RangeStart=40001", "DeployCode:Ports:RangeStart")]
    public void ValuesTheirUsersWouldRefuseAreRefusedWithTheOthers(string setting, string path)
    {
        var error = Assert.Throws<DeployCodeConfigurationException>(() => Orchestrator(setting));

        Assert.Equal(path, Assert.Single(error.Problems).Path);
    }

    [Theory]
    [InlineData("DeployCode:Recovery:FailureThreshold=0", "DeployCode:Recovery:FailureThreshold: '0' is not a whole number from 1 to 1000")]
    [InlineData("DeployCode:Recovery:ProbeIntervalMilliseconds=10", "DeployCode:Recovery:ProbeIntervalMilliseconds: '10' is not a whole number from 50 to 60000")]
    [InlineData("DeployCode:Recovery:SuccessesToClose=4", "could never close")]
    public void AnUnusableSettingStopsTheBuildNamingIt(string setting, string message)
    {
        var error = Assert.Throws<DeployCodeConfigurationException>(() => Orchestrator(setting));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    private static Aspire.Hosting.ApplicationModel.OrchestratorResource Orchestrator(params string[] settings)
    {
        // Container mode needs no binaries; publish mode skips the engine probe.
        var builder = DistributedApplication.CreateBuilder(["--operation", "publish", "DeployCode:Gpus=0", .. settings]);
        return builder.AddDeployCodeOrchestrator("deploy-code").Resource;
    }
}
