using System.Net;
using System.Net.Sockets;
using DeployCode.Orchestrator.Configuration;

namespace DeployCode.Orchestrator.Networking;

/// <summary>
/// Gives each service its platform port when nothing listens there, otherwise the next free port of the
/// configured range, and remembers every reassignment so it can be reported. Ports of the range that the kernel
/// also hands out to outgoing connections (<paramref name="ephemeral"/>) come last: one free when checked can be
/// taken by a client's connection before the service binds it.
/// </summary>
internal sealed class PlatformPortAllocator(int rangeStart, int rangeEnd, Func<int, bool> isFree, (int Start, int End)? ephemeral = null)
{
    private const string EphemeralRangeFile = "/proc/sys/net/ipv4/ip_local_port_range";

    private readonly HashSet<int> _given = [];
    private readonly List<PortReassignment> _reassignments = [];
    private readonly Lock _lock = new();

    public static PlatformPortAllocator ForThisMachine(PortRangeOptions range)
    {
        if (range.RangeStart < 1024 || range.RangeEnd > 65535 || range.RangeStart > range.RangeEnd)
        {
            throw new DeployCodeConfigurationException(
                $"DeployCode:Ports:RangeStart..RangeEnd is {range.RangeStart}..{range.RangeEnd}; give an unprivileged range within 1024..65535, start not after end.");
        }

        return new PlatformPortAllocator(range.RangeStart, range.RangeEnd, IsFreeOnLoopback, EphemeralRange(EphemeralRangeFile));
    }

    /// <summary>The kernel's range for outgoing connections' local ports (Linux), or null where it cannot be read.</summary>
    public static (int Start, int End)? EphemeralRange(string file)
    {
        try
        {
            var bounds = File.ReadAllText(file).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            return bounds.Length == 2 && int.TryParse(bounds[0], out var start) && int.TryParse(bounds[1], out var end) && start <= end
                ? (start, end)
                : null;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>
    /// For publishing: the artifacts run elsewhere, so every component keeps its platform port whatever this
    /// machine is listening on, and two publishes write the same bytes.
    /// </summary>
    public static PlatformPortAllocator ForArtifacts(PortRangeOptions range)
    {
        ForThisMachine(range);
        return new PlatformPortAllocator(range.RangeStart, range.RangeEnd, _ => true);
    }

    public IReadOnlyList<PortReassignment> Reassignments
    {
        get
        {
            lock (_lock)
            {
                return [.. _reassignments];
            }
        }
    }

    /// <summary>The port <paramref name="resourceName"/> listens on: <paramref name="preferred"/> if free, else one from the range.</summary>
    public int Assign(string resourceName, int preferred)
    {
        lock (_lock)
        {
            if (_given.Add(preferred) && isFree(preferred))
            {
                return preferred;
            }

            foreach (var candidate in Candidates())
            {
                if (!_given.Contains(candidate) && isFree(candidate))
                {
                    _given.Add(candidate);
                    _reassignments.Add(new PortReassignment(resourceName, preferred, candidate));
                    return candidate;
                }
            }

            throw new DeployCodeConfigurationException(
                $"{resourceName} wants port {preferred}, which is taken, and DeployCode:Ports:RangeStart..RangeEnd ({rangeStart}..{rangeEnd}) has no free port left; widen the range.");
        }
    }

    /// <summary>A free port of the range for <paramref name="resourceName"/>, which has no port of its own (a replica).</summary>
    public int AssignFromRange(string resourceName)
    {
        lock (_lock)
        {
            foreach (var candidate in Candidates())
            {
                if (!_given.Contains(candidate) && isFree(candidate))
                {
                    _given.Add(candidate);
                    return candidate;
                }
            }

            throw new DeployCodeConfigurationException(
                $"{resourceName} needs a port and DeployCode:Ports:RangeStart..RangeEnd ({rangeStart}..{rangeEnd}) has no free port left; widen the range.");
        }
    }

    /// <summary>The range in order: ports outside the ephemeral range first.</summary>
    private IEnumerable<int> Candidates()
    {
        var all = Enumerable.Range(rangeStart, rangeEnd - rangeStart + 1);
        return ephemeral is { } kernel ? all.OrderBy(port => port >= kernel.Start && port <= kernel.End) : all;
    }

    /// <summary>Whether a listener could bind the port on every local address (IPv4 and, where enabled, IPv6).</summary>
    public static bool IsFreeOnLoopback(int port) =>
        CanBind(IPAddress.Any, port) && (!Socket.OSSupportsIPv6 || CanBind(IPAddress.IPv6Loopback, port));

    private static bool CanBind(IPAddress address, int port)
    {
        try
        {
            using var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            // As servers do: connections of a previous run lingering in TIME_WAIT do not make the port taken.
            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            socket.Bind(new IPEndPoint(address, port));
            return true;
        }
        catch (SocketException exception) when (exception.SocketErrorCode is SocketError.AddressNotAvailable or SocketError.AddressFamilyNotSupported)
        {
            // IPv6 switched off on loopback (common in containers): nobody can listen there, so nobody holds the port there.
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
