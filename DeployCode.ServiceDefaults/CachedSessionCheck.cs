using System.Collections.Concurrent;

namespace DeployCode.ServiceDefaults;

/// <summary>
/// Remembers what <paramref name="inner"/> said about each session for a few seconds, and forgets it the moment it is
/// told the session or its user changed (<see cref="SessionChangeFeed"/>: auth-service publishes every sign-out and
/// role change on Redis). So a request pays for a session lookup about once per <paramref name="lifetime"/>, and a
/// sign-out still takes effect at once; only a lost change message leaves an answer stale, for at most
/// <paramref name="lifetime"/>, and a dropped subscription forgets everything when it comes back.
/// </summary>
public sealed class CachedSessionCheck(IPlatformSessionCheck inner, TimeProvider time, TimeSpan lifetime) : IPlatformSessionCheck
{
    private readonly ConcurrentDictionary<(string Session, string User), (PlatformSessionState State, DateTimeOffset Until)> _states = new();
    private long _generation;

    /// <summary>How long an answer is kept when no change is heard of.</summary>
    public TimeSpan Lifetime => lifetime;

    /// <summary>
    /// Whether changes are heard now (the subscription stands). Until they are, and whenever the connection is
    /// lost, nothing is remembered: every request asks.
    /// </summary>
    public bool HearsChanges { get; private set; }

    public async Task<PlatformSessionState> CheckAsync(string sessionId, string userId, CancellationToken cancellationToken)
    {
        if (!HearsChanges)
        {
            return await inner.CheckAsync(sessionId, userId, cancellationToken);
        }

        var now = time.GetUtcNow();
        if (_states.TryGetValue((sessionId, userId), out var known) && known.Until > now)
        {
            return known.State;
        }

        // A change heard of while this lookup runs may be newer than what it reads: then its answer is not kept.
        var generation = Interlocked.Read(ref _generation);
        var state = await inner.CheckAsync(sessionId, userId, cancellationToken);
        if (Interlocked.Read(ref _generation) == generation)
        {
            _states[(sessionId, userId)] = (state, now + lifetime);
            if (_states.Count > 100_000)
            {
                ForgetExpired(now);
            }
        }

        return state;
    }

    /// <summary>The session ended (signed out, revoked).</summary>
    public void ForgetSession(string sessionId) => Forget(key => key.Session == sessionId);

    /// <summary>The user's role changed, or they were removed.</summary>
    public void ForgetUser(string userId) => Forget(key => key.User == userId);

    /// <summary>Changes are heard (again): answers may be remembered; what was remembered before is not trusted.</summary>
    public void Hearing()
    {
        ForgetAll();
        HearsChanges = true;
    }

    /// <summary>Changes can no longer be heard (the connection dropped): nothing is remembered until they are.</summary>
    public void Deaf()
    {
        HearsChanges = false;
        ForgetAll();
    }

    /// <summary>Something changed that names no session or user: nothing remembered is trusted.</summary>
    public void ForgetAll() => Forget(_ => true);

    private void Forget(Func<(string Session, string User), bool> which)
    {
        Interlocked.Increment(ref _generation);
        foreach (var key in _states.Keys.Where(which))
        {
            _states.TryRemove(key, out _);
        }
    }

    private void ForgetExpired(DateTimeOffset now)
    {
        foreach (var (key, value) in _states.Where(entry => entry.Value.Until <= now))
        {
            _states.TryRemove(key, out _);
        }
    }
}
