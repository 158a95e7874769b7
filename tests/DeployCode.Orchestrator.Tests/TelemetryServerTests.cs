using System.Net;
using System.Net.Sockets;
using DeployCode.Orchestrator.Telemetry;

namespace DeployCode.Orchestrator.Tests;

/// <summary>The orchestrator's /metrics and /registry endpoint when its planned port was taken after the model was built.</summary>
public sealed class TelemetryServerTests
{
    [Fact]
    public async Task APortTakenSinceThePlanIsLeftForAnotherThatAnswers()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var planned = ((IPEndPoint)taken.LocalEndpoint).Port;
        var lifetime = new StoppedLifetime();
        var registry = new PlatformRegistry(TestNotifications.Create(lifetime), lifetime);

        await using var server = await TelemetryServer.StartAsync(planned, hostAddress: null, registry, new DeploymentMetrics(registry), cancellationToken);
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var health = await client.GetStringAsync(new Uri(server.Address, "/health"), cancellationToken);

        Assert.NotEqual(planned, server.Port);
        Assert.Equal("Healthy", health);
    }

    [Fact]
    public void BothWaysTheSocketsSayAPortIsTakenCountAsTaken()
    {
        // At bind, Kestrel wraps it; between bind and listen (another process bound it at the same moment) the socket says it itself.
        Assert.True(TelemetryServer.IsAddressInUse(new IOException("Failed to bind", new Microsoft.AspNetCore.Connections.AddressInUseException("in use"))));
        Assert.True(TelemetryServer.IsAddressInUse(new SocketException((int)SocketError.AddressAlreadyInUse)));
        Assert.False(TelemetryServer.IsAddressInUse(new SocketException((int)SocketError.AccessDenied)));
        Assert.False(TelemetryServer.IsAddressInUse(new IOException("disk full")));
    }
}
