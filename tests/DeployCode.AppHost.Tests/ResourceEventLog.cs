using System.Collections.Concurrent;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace DeployCode.AppHost.Tests;

/// <summary>
/// Every state change of every resource, in the order the notification service published them, and
/// every resource's console output in a file per resource (kept beside the test results for diagnosis).
/// </summary>
internal sealed class ResourceEventLog : IDisposable
{
    private readonly ConcurrentQueue<ResourceChange> _changes = new();
    private readonly CancellationTokenSource _stop = new();
    private long _sequence;

    public IReadOnlyList<ResourceChange> Changes => [.. _changes];

    public string LogDirectory { get; private set; } = string.Empty;

    public void Follow(ResourceNotificationService notifications, ResourceLoggerService loggers, string stateDirectory)
    {
        LogDirectory = Path.Combine(AppContext.BaseDirectory, "platform-logs", Path.GetFileName(stateDirectory));
        Directory.CreateDirectory(LogDirectory);
        var following = new ConcurrentDictionary<string, bool>();

        // The first MoveNextAsync subscribes, synchronously. Aspire then replays every resource's current state and
        // skips the live changes older than what it replayed: the replay is drained here, before Follow returns and
        // the start begins, so that a late replay cannot show a resource's later state and drop the first moments of
        // the start (Validating, Allocating).
        var updates = notifications.WatchAsync(_stop.Token).GetAsyncEnumerator(_stop.Token);
        void Record(ResourceEvent update)
        {
            _changes.Enqueue(new ResourceChange(
                Interlocked.Increment(ref _sequence), DateTime.UtcNow, System.Diagnostics.Stopwatch.GetTimestamp(), update.Resource.Name, update.Snapshot.State?.Text, update.Snapshot.HealthStatus, update.Snapshot.StartTimeStamp));
            // Console output is kept per running instance (its resource id), not per resource name.
            if (following.TryAdd(update.ResourceId, true))
            {
                _ = Task.Run(() => CopyLogsAsync(loggers, update.ResourceId, update.Resource.Name));
            }
        }

        var next = updates.MoveNextAsync();
        while (next.IsCompletedSuccessfully && next.Result)
        {
            Record(updates.Current);
            next = updates.MoveNextAsync();
        }

        _ = Task.Run(async () =>
        {
            try
            {
                while (await next)
                {
                    Record(updates.Current);
                    next = updates.MoveNextAsync();
                }
            }
            catch (OperationCanceledException)
            {
            }
            finally
            {
                await updates.DisposeAsync();
            }
        });
    }

    /// <summary>The first change of <paramref name="resource"/> that matches, or null.</summary>
    public ResourceChange? First(string resource, Func<ResourceChange, bool> predicate) =>
        Changes.FirstOrDefault(change => change.Resource == resource && predicate(change));

    public string Tail(string resource, int lines = 30)
    {
        var file = Path.Combine(LogDirectory, $"{resource}.log");
        return File.Exists(file) ? string.Join(Environment.NewLine, File.ReadLines(file).TakeLast(lines)) : "(no output)";
    }

    public void Dispose()
    {
        _stop.Cancel();
        _stop.Dispose();
    }

    private async Task CopyLogsAsync(ResourceLoggerService loggers, string resourceId, string resourceName)
    {
        try
        {
            await using var writer = new StreamWriter(Path.Combine(LogDirectory, $"{resourceName}.log"), append: true) { AutoFlush = true };
            await foreach (var batch in loggers.WatchAsync(resourceId).WithCancellation(_stop.Token))
            {
                foreach (var line in batch)
                {
                    await writer.WriteLineAsync(line.Content);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}

/// <summary>One published state of one resource.</summary>
/// <param name="StartedAt">When DCP started the process; set from the first change after it started.</param>
internal sealed record ResourceChange(long Sequence, DateTime At, long Timestamp, string Resource, string? State, HealthStatus? Health, DateTime? StartedAt);
