using System.Net;
using System.Net.Sockets;
using DeployCode.Orchestrator.Configuration;
using DeployCode.Orchestrator.Networking;

namespace DeployCode.Orchestrator.Tests;

public sealed class PlatformPortAllocatorTests
{
    private readonly HashSet<int> _taken = [];

    [Fact]
    public void AFreePreferredPortIsGivenAsItIs()
    {
        var allocator = Allocator(30000, 30010);

        Assert.Equal(8000, allocator.Assign("auth-service", 8000));
        Assert.Empty(allocator.Reassignments);
    }

    [Fact]
    public void ATakenPreferredPortIsReplacedByTheFirstFreePortOfTheRange()
    {
        _taken.UnionWith([8000, 30000, 30001]);
        var allocator = Allocator(30000, 30010);

        Assert.Equal(30002, allocator.Assign("auth-service", 8000));
        Assert.Equal([new PortReassignment("auth-service", 8000, 30002)], allocator.Reassignments);
    }

    [Fact]
    public void ForArtifactsAPortInUseOnThisMachineIsKeptAsThePlatformSays()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var busy = ((IPEndPoint)listener.LocalEndpoint).Port;
        var allocator = PlatformPortAllocator.ForArtifacts(new PortRangeOptions { RangeStart = 30000, RangeEnd = 40000 });

        Assert.Equal(busy, allocator.Assign("auth-service", busy));
        Assert.Empty(allocator.Reassignments);
    }

    [Fact]
    public void AFreeReplicaPortComesFromTheRangeWithoutCountingAsAReassignment()
    {
        _taken.Add(30000);
        var allocator = Allocator(30000, 30010);

        Assert.Equal(30001, allocator.AssignFromRange("mcp-memory-2"));
        Assert.Equal(30002, allocator.AssignFromRange("mcp-memory-3"));
        Assert.Empty(allocator.Reassignments);
    }

    [Fact]
    public void TheSecondServiceAskingForTheSamePortIsReassigned()
    {
        var allocator = Allocator(30000, 30010);

        Assert.Equal(8080, allocator.Assign("circle-of-experts", 8080));
        Assert.Equal(30000, allocator.Assign("other-service", 8080));
        Assert.Equal([new PortReassignment("other-service", 8080, 30000)], allocator.Reassignments);
    }

    [Fact]
    public void ARangePortIsNotGivenTwice()
    {
        _taken.UnionWith([8000, 8080]);
        var allocator = Allocator(30000, 30010);

        Assert.Equal(30000, allocator.Assign("auth-service", 8000));
        Assert.Equal(30001, allocator.Assign("circle-of-experts", 8080));
        Assert.Equal(30002, allocator.Assign("latecomer", 30000));
        Assert.Equal(3, allocator.Reassignments.Count);
    }

    [Fact]
    public void AnExhaustedRangeIsRefusedNamingTheSettingAndTheResource()
    {
        _taken.UnionWith([8000, 30000, 30001]);
        var allocator = Allocator(30000, 30001);

        var error = Assert.Throws<DeployCodeConfigurationException>(() => allocator.Assign("auth-service", 8000));

        Assert.Contains("DeployCode:Ports", error.Message, StringComparison.Ordinal);
        Assert.Contains("auth-service", error.Message, StringComparison.Ordinal);
        Assert.Contains("8000", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(40000, 30000)]
    [InlineData(80, 40000)]
    [InlineData(1023, 2000)]
    [InlineData(30000, 70000)]
    public void AnUnusableRangeIsRefusedNamingTheSetting(int start, int end)
    {
        var error = Assert.Throws<DeployCodeConfigurationException>(
            () => PlatformPortAllocator.ForThisMachine(new PortRangeOptions { RangeStart = start, RangeEnd = end }));

        Assert.Contains("DeployCode:Ports", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1024, 1024)]
    [InlineData(30000, 40000)]
    [InlineData(60000, 65535)]
    public void AnUnprivilegedRangeIsAccepted(int start, int end)
    {
        Assert.NotNull(PlatformPortAllocator.ForThisMachine(new PortRangeOptions { RangeStart = start, RangeEnd = end }));
    }

    [Fact]
    public void APortHeldByALoopbackListenerIsNotFreeAndIsFreeAgainOnceItStops()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        try
        {
            Assert.False(PlatformPortAllocator.IsFreeOnLoopback(port));
        }
        finally
        {
            listener.Stop();
        }

        Assert.True(PlatformPortAllocator.IsFreeOnLoopback(port));
    }

    [Fact]
    public void APortHeldByAnIPv6LoopbackListenerIsNotFree()
    {
        var listener = new TcpListener(IPAddress.IPv6Loopback, 0);
        listener.Start();
        try
        {
            Assert.False(PlatformPortAllocator.IsFreeOnLoopback(((IPEndPoint)listener.LocalEndpoint).Port));
        }
        finally
        {
            listener.Stop();
        }
    }

    [Fact]
    public void PortsTheKernelAlsoGivesToOutgoingConnectionsAreTriedLast()
    {
        _taken.Add(8000);
        var allocator = new PlatformPortAllocator(30000, 40000, port => !_taken.Contains(port), ephemeral: (30000, 39990));

        Assert.Equal(39991, allocator.Assign("auth-service", 8000));
        Assert.Equal(39992, allocator.AssignFromRange("mcp-memory-2"));
        _taken.UnionWith(Enumerable.Range(39993, 8));
        Assert.Equal(30000, allocator.AssignFromRange("mcp-memory-3"));
    }

    [Fact]
    public void TheKernelsEphemeralRangeIsReadFromItsProcFileAndIgnoredWhenUnreadable()
    {
        using var folder = new TempFolder();
        var file = Path.Combine(folder.Path, "ip_local_port_range");
        File.WriteAllText(file, "32768\t60999\n");

        Assert.Equal((32768, 60999), PlatformPortAllocator.EphemeralRange(file));
        Assert.Null(PlatformPortAllocator.EphemeralRange(Path.Combine(folder.Path, "absent")));
        File.WriteAllText(file, "garbage");
        Assert.Null(PlatformPortAllocator.EphemeralRange(file));
    }

    private PlatformPortAllocator Allocator(int start, int end) => new(start, end, port => !_taken.Contains(port));
}
