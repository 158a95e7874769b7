using System.Globalization;
using System.Runtime;

/// <summary>
/// Load on one path until the JIT has settled in the servers (read from their Prometheus <c>/metrics</c>) and in this
/// process: the requests per second and methods compiled of each window, and whether it settled in time.
/// </summary>
internal sealed record WarmUp(IReadOnlyList<(double RequestsPerSecond, long MethodsCompiled)> Windows, TimeSpan Elapsed, bool Settled)
{
    private const string CompiledMethodsMetric = "dotnet_jit_compiled_methods_total";

    public static async Task<WarmUp> UntilJitSettledAsync(HttpClient scraper, IReadOnlyList<Uri> servers, Uri address, string? accessToken,
        int workers, TimeSpan window, long settledBelow, TimeSpan limit)
    {
        var windows = new List<(double, long)>();
        var started = DateTime.UtcNow;
        var before = await CompiledMethodsAsync(scraper, servers);
        while (DateTime.UtcNow - started < limit)
        {
            var load = await LoadResult.RunAsync(address, accessToken, workers, window);
            var after = await CompiledMethodsAsync(scraper, servers);
            windows.Add((load.RequestsPerSecond, after - before));
            if (after - before < settledBelow)
            {
                return new WarmUp(windows, DateTime.UtcNow - started, true);
            }

            before = after;
        }

        return new WarmUp(windows, DateTime.UtcNow - started, false);
    }

    public string Describe(string label)
    {
        var windows = string.Join(", ", Windows.Select(w => string.Create(CultureInfo.InvariantCulture, $"{w.RequestsPerSecond:0} ({w.MethodsCompiled})")));
        var settled = Settled ? "" : ", JIT not settled";
        return string.Create(CultureInfo.InvariantCulture, $"warm-up {label,-30} {Elapsed.TotalSeconds,4:0} s{settled}: req/s (methods compiled) {windows}");
    }

    private static async Task<long> CompiledMethodsAsync(HttpClient scraper, IReadOnlyList<Uri> servers)
    {
        var total = JitInfo.GetCompiledMethodCount(currentThread: false);
        foreach (var server in servers)
        {
            var text = await scraper.GetStringAsync(server);
            var line = text.Split('\n').FirstOrDefault(line => line.StartsWith(CompiledMethodsMetric + "{", StringComparison.Ordinal))
                ?? throw new InvalidOperationException($"{server} has no {CompiledMethodsMetric}: is the service's runtime instrumentation on?");
            total += (long)double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture);
        }

        return total;
    }
}
