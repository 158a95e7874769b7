using DeployCode.Orchestrator.Runtime;

namespace DeployCode.Orchestrator.Tests;

[Collection(FakeCommandLineTools.Name)]
public sealed class ContainerEngineProbeTests : IDisposable
{
    // Answers only the question that needs the engine (the server's version), as the real CLIs do.
    private const string HealthyDocker = """
        if [ "$1" = version ] && [ "$2" = --format ] && [ "$3" = '{{.Server.Version}}' ]; then echo 27.3.1; exit 0; fi
        echo "unexpected arguments: $*" >&2; exit 2
        """;

    private const string HealthyPodman = """
        if [ "$1" = info ] && [ "$2" = --format ] && [ "$3" = '{{.Version.Version}}' ]; then echo 5.2.0; exit 0; fi
        echo "unexpected arguments: $*" >&2; exit 2
        """;

    private const string DockerWithoutDaemon = """
        echo "Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?" >&2
        exit 1
        """;

    private static readonly TimeSpan s_testLimit = TimeSpan.FromSeconds(20);

    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task AnEngineThatAnswersIsHealthyAndItsVersionIsReported()
    {
        _temp.Executable("bin/docker", HealthyDocker);

        var result = await ProbeAsync(ContainerEngineProbe.DefaultTimeout, "docker");

        Assert.Equal("docker", result.HealthyEngine);
        Assert.Contains("27.3.1", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AHealthyDockerTellsTheAddressContainersReachThisMachineAt()
    {
        _temp.Executable("bin/docker", """
            if [ "$1" = version ]; then echo 20.10.24; exit 0; fi
            if [ "$1 $2 $3" = "network inspect bridge" ]; then echo "127.0.0.1 lo"; exit 0; fi
            echo "unexpected arguments: $*" >&2; exit 2
            """);

        var result = await ProbeAsync(ContainerEngineProbe.DefaultTimeout, "docker");

        Assert.Equal("127.0.0.1", result.HostAddress);
    }

    [Fact]
    public void WithoutAGatewayTheAddressIsTheBridgeInterfaces()
    {
        // Docker 20.10's default bridge names no gateway; its interface (here loopback, which every machine has) carries it.
        Assert.Equal("127.0.0.1", ContainerEngineProbe.HostAddressOnBridge(" lo"));
        Assert.Null(ContainerEngineProbe.HostAddressOnBridge(" no-such-bridge"));
    }

    [Fact]
    public void ABridgeThatIsNotOnThisMachineGivesNoAddress()
    {
        // Docker Desktop's gateway is inside its VM: binding it would fail, and the engine's own host.docker.internal stands.
        Assert.Null(ContainerEngineProbe.HostAddressOnBridge("192.0.2.1 docker0"));
    }

    [Fact]
    public async Task AnEngineWithoutABridgeGivesNoHostAddressButStaysHealthy()
    {
        _temp.Executable("bin/docker", HealthyDocker);

        var result = await ProbeAsync(ContainerEngineProbe.DefaultTimeout, "docker");

        Assert.Equal("docker", result.HealthyEngine);
        Assert.Null(result.HostAddress);
    }

    [Fact]
    public async Task PodmanIsAskedForItsEngineVersion()
    {
        _temp.Executable("bin/podman", HealthyPodman);

        var result = await ProbeAsync(ContainerEngineProbe.DefaultTimeout, "podman");

        Assert.Equal("podman", result.HealthyEngine);
        Assert.Contains("5.2.0", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ACliWhoseDaemonIsDownIsNotHealthyAndItsErrorIsReported()
    {
        _temp.Executable("bin/docker", DockerWithoutDaemon);

        var result = await ProbeAsync(ContainerEngineProbe.DefaultTimeout, "docker");

        Assert.Null(result.HealthyEngine);
        Assert.Contains("Cannot connect to the Docker daemon", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ACliThatSucceedsWithoutPrintingAVersionIsNotHealthy()
    {
        _temp.Executable("bin/docker", "exit 0");

        var result = await ProbeAsync(ContainerEngineProbe.DefaultTimeout, "docker");

        Assert.Null(result.HealthyEngine);
        Assert.Contains("exit code 0", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnEngineThatHangsIsNotHealthyOnceTheTimeLimitPasses()
    {
        _temp.Executable("bin/docker", "sleep 30");

        var result = await ProbeAsync(TimeSpan.FromMilliseconds(500), "docker");

        Assert.Null(result.HealthyEngine);
        Assert.Contains("no answer within the probe's time limit", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithoutAnyCliTheDetailSaysNoneIsOnThePath()
    {
        _temp.Folder("bin");

        var result = await ProbeAsync(ContainerEngineProbe.DefaultTimeout, "docker", "podman");

        Assert.Null(result.HealthyEngine);
        Assert.Contains("no docker CLI on PATH", result.Detail, StringComparison.Ordinal);
        Assert.Contains("no podman CLI on PATH", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheNextEngineIsAskedWhenTheFirstDoesNotAnswer()
    {
        _temp.Executable("bin/docker", DockerWithoutDaemon);
        _temp.Executable("bin/podman", HealthyPodman);

        var result = await ProbeAsync(ContainerEngineProbe.DefaultTimeout, "docker", "podman");

        Assert.Equal("podman", result.HealthyEngine);
    }

    [Fact]
    public async Task TheFirstHealthyEngineInTheOrderIsChosen()
    {
        _temp.Executable("bin/docker", HealthyDocker);
        _temp.Executable("bin/podman", HealthyPodman);

        var result = await ProbeAsync(ContainerEngineProbe.DefaultTimeout, [.. ContainerEngineProbe.EngineOrder("podman")]);

        Assert.Equal("podman", result.HealthyEngine);
    }

    [Fact]
    public void PodmanIsAskedFirstWhenPreferred()
    {
        Assert.Equal(["podman", "docker"], ContainerEngineProbe.EngineOrder("podman"));
        Assert.Equal(["podman", "docker"], ContainerEngineProbe.EngineOrder("PODMAN"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("docker")]
    [InlineData("nerdctl")]
    public void DockerIsAskedFirstOtherwise(string? preferred)
    {
        Assert.Equal(["docker", "podman"], ContainerEngineProbe.EngineOrder(preferred));
    }

    [Fact]
    public async Task ACliWhoseChildKeepsTheOutputOpenIsReportedAsNotAnsweringInsteadOfFailing()
    {
        _temp.Executable("bin/docker", "echo 27.3.1; sleep 30 &");

        var result = await ProbeAsync(TimeSpan.FromMilliseconds(500), "docker");

        Assert.Null(result.HealthyEngine);
        Assert.Contains("no answer within the probe's time limit", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CancellingTheProbeIsNotReportedAsAnEngineProblem()
    {
        _temp.Executable("bin/docker", "sleep 30");
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        var probe = new ContainerEngineProbe(new BinaryLocator([_temp.Folder("bin")], []), ContainerEngineProbe.DefaultTimeout);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => probe.ProbeAsync(["docker"], cancelled.Token).WaitAsync(s_testLimit, TestContext.Current.CancellationToken));
    }

    private Task<EngineProbeResult> ProbeAsync(TimeSpan timeout, params string[] engines)
    {
        var probe = new ContainerEngineProbe(new BinaryLocator([_temp.Folder("bin")], []), timeout);
        return probe.ProbeAsync(engines, TestContext.Current.CancellationToken).WaitAsync(s_testLimit, TestContext.Current.CancellationToken);
    }
}
