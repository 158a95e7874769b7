using System.Diagnostics;
using System.Net.Http.Headers;

/// <summary>Requests per second and latency of one GET, from a number of concurrent workers for a while.</summary>
internal sealed record LoadResult(int Requests, int Failures, TimeSpan Elapsed, double P50Milliseconds, double P95Milliseconds)
{
    public double RequestsPerSecond => Requests / Elapsed.TotalSeconds;

    public static async Task<LoadResult> RunAsync(Uri address, string? accessToken, int workers, TimeSpan duration)
    {
        using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = workers });
        if (accessToken is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        }
        var latencies = new List<double>[workers];
        var failures = 0;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, workers).Select(async worker =>
        {
            var mine = latencies[worker] = [];
            while (clock.Elapsed < duration)
            {
                var started = Stopwatch.GetTimestamp();
                using var response = await client.GetAsync(address);
                await response.Content.ReadAsByteArrayAsync();
                mine.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                if (!response.IsSuccessStatusCode)
                {
                    Interlocked.Increment(ref failures);
                }
            }
        }));
        var elapsed = clock.Elapsed;
        var sorted = latencies.SelectMany(list => list).Order().ToArray();
        return new LoadResult(sorted.Length, failures, elapsed, sorted[sorted.Length / 2], sorted[(int)(sorted.Length * 0.95)]);
    }
}
