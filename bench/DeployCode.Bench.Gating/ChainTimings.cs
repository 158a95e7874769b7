using System.Diagnostics;

/// <summary>Stopwatch timestamps of each link spawning and starting to listen.</summary>
internal sealed record ChainTimings(long[] Spawned, long[] Listening)
{
    /// <summary>From the first spawn to the last link listening.</summary>
    public TimeSpan Total => Stopwatch.GetElapsedTime(Spawned[0], Listening[^1]);

    /// <summary>The links' own start-up, spawn to listening, added up: the chain's critical path.</summary>
    public TimeSpan CriticalPath => TimeSpan.FromTicks(Spawned.Zip(Listening, (spawn, listen) => Stopwatch.GetElapsedTime(spawn, listen).Ticks).Sum());

    /// <summary>For each link after the first: from its dependency listening to its own spawn.</summary>
    public TimeSpan[] Gaps => [.. Enumerable.Range(1, Spawned.Length - 1).Select(index => Stopwatch.GetElapsedTime(Listening[index - 1], Spawned[index]))];
}
