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

    [Theory]
    [InlineData("DeployCode:Recovery:FailureThreshold=0", "DeployCode:Recovery:FailureThreshold is '0'")]
    [InlineData("DeployCode:Recovery:ProbeIntervalMilliseconds=10", "DeployCode:Recovery:ProbeIntervalMilliseconds is '10'")]
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
