using DeployCode.Orchestrator.Configuration;
using DeployCode.Orchestrator.Runtime;

namespace DeployCode.Orchestrator.Tests;

public sealed class RuntimeSelectorTests
{
    private static readonly EngineProbeResult s_healthyPodman = new("podman", "podman engine 5.2.0 answered");
    private static readonly EngineProbeResult s_noEngine = new(null, "no docker CLI on PATH; no podman CLI on PATH");

    private int _probes;

    [Fact]
    public async Task ProcessIsChosenWithoutAskingAnyEngine()
    {
        var selection = await RuntimeSelector.SelectAsync("process", null, ProbeThatMustNotRun, TestContext.Current.CancellationToken);

        Assert.Equal(RuntimeMode.Process, selection.Mode);
        Assert.Null(selection.Engine);
        Assert.Equal("process", selection.ModeName);
        Assert.Contains("DeployCode:Runtime is 'process'", selection.Reason, StringComparison.Ordinal);
        Assert.Equal(0, _probes);
    }

    [Fact]
    public async Task AutoWithAHealthyEngineRunsContainersOnThatEngine()
    {
        var selection = await RuntimeSelector.SelectAsync("auto", "docker", Probe(s_healthyPodman), TestContext.Current.CancellationToken);

        Assert.Equal(RuntimeMode.Container, selection.Mode);
        Assert.Equal("podman", selection.Engine);
        Assert.Equal("container", selection.ModeName);
        Assert.Contains("podman engine 5.2.0 answered", selection.Reason, StringComparison.Ordinal);
        Assert.Equal(1, _probes);
    }

    [Fact]
    public async Task AutoWithoutAnEngineRunsProcessesAndSaysWhatTheProbeSaw()
    {
        var selection = await RuntimeSelector.SelectAsync("auto", null, Probe(s_noEngine), TestContext.Current.CancellationToken);

        Assert.Equal(RuntimeMode.Process, selection.Mode);
        Assert.Null(selection.Engine);
        Assert.Contains(s_noEngine.Detail, selection.Reason, StringComparison.Ordinal);
        Assert.Equal(1, _probes);
    }

    [Fact]
    public async Task AnEmptySettingMeansAuto()
    {
        var selection = await RuntimeSelector.SelectAsync("  ", null, Probe(s_noEngine), TestContext.Current.CancellationToken);

        Assert.Equal(RuntimeMode.Process, selection.Mode);
        Assert.Equal(1, _probes);
    }

    [Fact]
    public async Task ContainerWithAHealthyEngineUsesIt()
    {
        var selection = await RuntimeSelector.SelectAsync("container", null, Probe(s_healthyPodman), TestContext.Current.CancellationToken);

        Assert.Equal(RuntimeMode.Container, selection.Mode);
        Assert.Equal("podman", selection.Engine);
    }

    [Theory]
    [InlineData(null, "docker")]
    [InlineData("docker", "docker")]
    [InlineData("podman", "podman")]
    [InlineData("Podman", "podman")]
    public async Task ContainerWithoutAnEngineStaysContainerOnThePreferredEngineAndSaysToStartOne(string? preferred, string engine)
    {
        var selection = await RuntimeSelector.SelectAsync("container", preferred, Probe(s_noEngine), TestContext.Current.CancellationToken);

        Assert.Equal(RuntimeMode.Container, selection.Mode);
        Assert.Equal(engine, selection.Engine);
        Assert.Contains(s_noEngine.Detail, selection.Reason, StringComparison.Ordinal);
        Assert.Contains("start Docker or Podman", selection.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("kubernetes")]
    [InlineData("containers")]
    [InlineData("none")]
    public async Task AnUnknownValueIsRefusedNamingTheSettingAndTheChoices(string requested)
    {
        var error = await Assert.ThrowsAsync<DeployCodeConfigurationException>(
            () => RuntimeSelector.SelectAsync(requested, null, ProbeThatMustNotRun, TestContext.Current.CancellationToken));

        Assert.Contains("DeployCode:Runtime", error.Message, StringComparison.Ordinal);
        Assert.Contains($"'{requested}'", error.Message, StringComparison.Ordinal);
        Assert.Contains("'auto'", error.Message, StringComparison.Ordinal);
        Assert.Contains("'container'", error.Message, StringComparison.Ordinal);
        Assert.Contains("'process'", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, _probes);
    }

    [Theory]
    [InlineData("PROCESS", nameof(RuntimeMode.Process))]
    [InlineData(" Process ", nameof(RuntimeMode.Process))]
    [InlineData("Container", nameof(RuntimeMode.Container))]
    [InlineData("AUTO", nameof(RuntimeMode.Container))]
    public async Task TheSettingIsReadCaseInsensitively(string requested, string expected)
    {
        var selection = await RuntimeSelector.SelectAsync(requested, null, Probe(s_healthyPodman), TestContext.Current.CancellationToken);

        Assert.Equal(expected, selection.Mode.ToString());
    }

    [Fact]
    public async Task TheCancellationTokenReachesTheProbe()
    {
        using var source = new CancellationTokenSource();
        var seen = CancellationToken.None;

        await RuntimeSelector.SelectAsync("auto", null, token => { seen = token; return Task.FromResult(s_noEngine); }, source.Token);

        Assert.Equal(source.Token, seen);
    }

    private Func<CancellationToken, Task<EngineProbeResult>> Probe(EngineProbeResult result) => _ =>
    {
        Interlocked.Increment(ref _probes);
        return Task.FromResult(result);
    };

    private Task<EngineProbeResult> ProbeThatMustNotRun(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _probes);
        throw new InvalidOperationException("The probe must not run for this setting.");
    }
}
