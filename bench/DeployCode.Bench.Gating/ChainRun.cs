using System.Diagnostics;
using System.Net.Sockets;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;

/// <summary>A round that did not finish, and why: a link that ended, or the deadline.</summary>
internal sealed class RoundFailedException(string message) : Exception(message);

/// <summary>
/// One start of a chain of <c>links</c> executables, each waiting (WaitFor + HTTP health check) on the one
/// before and needing <c>startup</c> from spawn to listening. Spawn times come from DCP's Running state;
/// listening times from our own TCP probe every 2 ms, independent of either gate. A link that ends (its process
/// exited, it failed to start) ends the round at once, with its last log lines.
/// </summary>
/// <remarks>
/// The links listen below the kernel's ephemeral port range. Inside it, any client socket on the machine (the
/// health checks, the TCP probe above) may be given a link's port as its own local port, or connect to itself
/// on it (a TCP self-connect, which a probe of a port nobody listens on yet can make), and the link then fails to
/// bind with "Address already in use": that was the "hang" of earlier runs, which used ports 47101 to 47205.
/// </remarks>
internal static class ChainRun
{
    /// <summary>The lowest port the kernel hands out to client sockets (/proc/sys/net/ipv4/ip_local_port_range).</summary>
    public static int EphemeralPortsFrom() =>
        int.Parse(File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range").Split((char[])['\t', ' '], StringSplitOptions.RemoveEmptyEntries)[0], System.Globalization.CultureInfo.InvariantCulture);

    public static async Task<ChainTimings> RunAsync(bool gated, int links, TimeSpan startup, int firstPort)
    {
        var builder = DistributedApplication.CreateBuilder(new DistributedApplicationOptions { DisableDashboard = true, Args = [] });
        if (gated)
        {
            builder.AddDeployCodeHealthGating();
        }

        var names = Enumerable.Range(1, links).Select(index => $"link-{index}").ToArray();
        IResourceBuilder<ExecutableResource>? previous = null;
        for (var index = 0; index < links; index++)
        {
            var port = firstPort + index;
            var script = $"import time, http.server; time.sleep({startup.TotalSeconds:0.###}); " +
                $"http.server.ThreadingHTTPServer(('127.0.0.1', {port}), http.server.SimpleHTTPRequestHandler).serve_forever()";
            var link = builder.AddExecutable(names[index], "/usr/bin/python3", Path.GetTempPath(), "-c", script)
                .WithHttpEndpoint(port: port, isProxied: false)
                .WithHttpHealthCheck("/");
            if (previous is not null)
            {
                link.WaitFor(previous);
            }

            previous = link;
        }

        await using var app = builder.Build();
        var notifications = app.Services.GetRequiredService<ResourceNotificationService>();
        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var spawned = new Dictionary<string, long>();
        string? ended = null;
        var watch = Task.Run(async () =>
        {
            await foreach (var update in notifications.WatchAsync(stop.Token))
            {
                if (Environment.GetEnvironmentVariable("BENCH_TRACE") is not null && names.Contains(update.Resource.Name))
                {
                    Console.WriteLine($"TRACE {Stopwatch.GetTimestamp() / 10000 % 1000000} {update.ResourceId} {update.Snapshot.State?.Text} pid={update.Snapshot.Properties.FirstOrDefault(p => p.Name == "executable.pid")?.Value} health={update.Snapshot.HealthStatus}");
                }

                if (update.Snapshot.State?.Text == KnownResourceStates.Running && names.Contains(update.Resource.Name))
                {
                    lock (spawned)
                    {
                        spawned.TryAdd(update.Resource.Name, Stopwatch.GetTimestamp());
                    }
                }

                if (names.Contains(update.Resource.Name) && update.Snapshot.State?.Text is { } state && KnownResourceStates.TerminalStates.Contains(state))
                {
                    ended ??= $"{update.Resource.Name} ended ({state}): {await LastLogLineAsync(app, update.Resource.Name)}";
                    await stop.CancelAsync();
                }
            }
        }, CancellationToken.None);

        var listening = Enumerable.Range(0, links).Select(index => WhenListeningAsync(firstPort + index, stop.Token)).ToArray();
        long[] listened;
        try
        {
            await app.StartAsync(stop.Token);
            listened = await Task.WhenAll(listening);
        }
        catch (OperationCanceledException)
        {
            await app.StopAsync(CancellationToken.None);
            lock (spawned)
            {
                throw new RoundFailedException(ended ?? $"not every link listened within 2 minutes; running: {string.Join(", ", spawned.Keys.Order(StringComparer.Ordinal))}");
            }
        }

        await stop.CancelAsync();
        await watch.ContinueWith(_ => { }, TaskScheduler.Default);
        await app.StopAsync(CancellationToken.None);
        await Task.WhenAll(Enumerable.Range(0, links).Select(index => WhenClosedAsync(firstPort + index)));
        return new ChainTimings([.. names.Select(name => spawned[name])], listened);
    }

    private static async Task<string> LastLogLineAsync(DistributedApplication app, string resource)
    {
        var lines = new List<string>();
        using var enough = new CancellationTokenSource(TimeSpan.FromSeconds(1));
        try
        {
            await foreach (var batch in app.Services.GetRequiredService<ResourceLoggerService>().WatchAsync(resource).WithCancellation(enough.Token))
            {
                lines.AddRange(batch.Select(line => line.Content));
            }
        }
        catch (OperationCanceledException)
        {
        }

        return lines.Count == 0 ? "no log" : lines[^1];
    }

    // DCP stops the processes after the application has stopped; the next round needs the ports back.
    private static async Task WhenClosedAsync(int port)
    {
        for (var attempt = 0; attempt < 300; attempt++)
        {
            using var client = new TcpClient();
            try
            {
                await client.ConnectAsync("127.0.0.1", port);
                await Task.Delay(50);
            }
            catch (SocketException)
            {
                return;
            }
        }

        throw new InvalidOperationException($"Port {port} still answers 15 s after the application stopped.");
    }

    private static async Task<long> WhenListeningAsync(int port, CancellationToken cancellationToken)
    {
        while (true)
        {
            using var client = new TcpClient();
            try
            {
                await client.ConnectAsync("127.0.0.1", port, cancellationToken);
                return Stopwatch.GetTimestamp();
            }
            catch (SocketException)
            {
                await Task.Delay(2, cancellationToken);
            }
        }
    }
}
