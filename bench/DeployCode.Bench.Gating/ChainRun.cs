using System.Diagnostics;
using System.Net.Sockets;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;

/// <summary>
/// One start of a chain of <c>links</c> executables, each waiting (WaitFor + HTTP health check) on the one
/// before and needing <c>startup</c> from spawn to listening. Spawn times come from DCP's Running state;
/// listening times from our own TCP probe every 2 ms, independent of either gate.
/// </summary>
internal static class ChainRun
{
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
            }
        }, CancellationToken.None);

        var listening = Enumerable.Range(0, links).Select(index => WhenListeningAsync(firstPort + index, stop.Token)).ToArray();
        await app.StartAsync(stop.Token);
        var listened = await Task.WhenAll(listening);

        await stop.CancelAsync();
        await watch.ContinueWith(_ => { }, TaskScheduler.Default);
        await app.StopAsync(CancellationToken.None);
        await Task.WhenAll(Enumerable.Range(0, links).Select(index => WhenClosedAsync(firstPort + index)));
        return new ChainTimings([.. names.Select(name => spawned[name])], listened);
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
