using Aspire.Hosting.ApplicationModel;

namespace DeployCode.Orchestrator.Recovery;

/// <summary>
/// Signals each exit of a service that nobody asked for: a process that goes from Running to a terminal
/// state without passing through Stopping (which the Stop and Restart commands and shutdown go through).
/// A service already in a terminal state when the watch starts exited too: supervision starts after every
/// service was seen healthy (and after the verification), and a kill in between must not go unnoticed.
/// One watch of the notifications serves every supervised service.
/// </summary>
internal sealed class ExitWatch
{
    private readonly Mailbox _channel = new();

    /// <summary>Watches <paramref name="services"/> until <paramref name="stopping"/>; one <see cref="ExitWatch"/> per service.</summary>
    public static IReadOnlyDictionary<string, ExitWatch> Start(ResourceNotificationService notifications, IEnumerable<string> services, CancellationToken stopping)
    {
        var watches = services.ToDictionary(service => service, _ => new ExitWatch(), StringComparer.Ordinal);
        _ = Task.Run(async () =>
        {
            var previous = new Dictionary<string, string?>(StringComparer.Ordinal);
            try
            {
                await foreach (var update in notifications.WatchAsync(stopping))
                {
                    if (!watches.TryGetValue(update.Resource.Name, out var watch))
                    {
                        continue;
                    }

                    var state = update.Snapshot.State?.Text;
                    // The watch replays each resource's current state first: the first state seen has no "before".
                    var seen = previous.TryGetValue(update.Resource.Name, out var before);
                    if ((before == KnownResourceStates.Running || !seen) && state != before && KnownResourceStates.TerminalStates.Contains(state))
                    {
                        watch._channel.Write($"its process exited (state {state}, exit code {update.Snapshot.ExitCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "unknown"})");
                    }

                    previous[update.Resource.Name] = state;
                }
            }
            catch (OperationCanceledException)
            {
            }
        }, CancellationToken.None);
        return watches;
    }

    /// <summary>Completes with the reason at the next unrequested exit.</summary>
    public Task<string> Current => _channel.Current;

    /// <summary>Moves on to waiting for the exit after.</summary>
    public void Next() => _channel.Next();

    /// <summary>Forgets exits signalled so far: those of a recovery's own stops and starts.</summary>
    public void Reset() => _channel.Reset();

    private sealed class Mailbox
    {
        private readonly Lock _lock = new();
        private readonly Queue<string> _pending = new();
        private TaskCompletionSource<string> _current = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task<string> Current
        {
            get
            {
                lock (_lock)
                {
                    return _current.Task;
                }
            }
        }

        public void Write(string reason)
        {
            lock (_lock)
            {
                if (!_current.TrySetResult(reason))
                {
                    _pending.Enqueue(reason);
                }
            }
        }

        public void Reset()
        {
            lock (_lock)
            {
                _pending.Clear();
                if (_current.Task.IsCompleted)
                {
                    _current = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
                }
            }
        }

        public void Next()
        {
            lock (_lock)
            {
                _current = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
                if (_pending.TryDequeue(out var reason))
                {
                    _current.SetResult(reason);
                }
            }
        }
    }
}
