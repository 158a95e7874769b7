using DeployCode.Orchestrator.Configuration;

namespace DeployCode.Orchestrator.Recovery;

/// <summary>The states of a service's circuit.</summary>
internal enum CircuitState
{
    /// <summary>Healthy, or failing fewer times in a row than the threshold.</summary>
    Closed,

    /// <summary>Failed the threshold in a row; recovery is under way; no checks until the break ends.</summary>
    Open,

    /// <summary>The break is over; a few trial checks decide whether it closes or opens again.</summary>
    HalfOpen,
}

/// <summary>
/// A circuit breaker over one service's health checks, with the platform's semantics: opens after N
/// failures in a row, stays open for the break, then allows a number of trial checks, closing after M
/// successes in a row, and any trial failure opens it again.
/// </summary>
/// <remarks>
/// Polly's breaker lets exactly one trial call through half-open and closes on its first success, and it
/// is driven by calls through a pipeline rather than by observations of a process; the platform's figures
/// (3 trials, 3 successes to close) need this small state machine. Polly drives the restarts.
/// </remarks>
internal sealed class HealthCircuitBreaker(RecoveryOptions options, TimeProvider time)
{
    private readonly Lock _lock = new();
    private CircuitState _state = CircuitState.Closed;
    private int _failuresInARow;
    private int _trialsUsed;
    private int _trialSuccesses;
    private DateTimeOffset _openedAt;

    /// <summary>The current state (an open circuit whose break is over reads as half-open).</summary>
    public CircuitState State
    {
        get
        {
            lock (_lock)
            {
                return Current();
            }
        }
    }

    /// <summary>Times the circuit has opened.</summary>
    public int Openings { get; private set; }

    /// <summary>Whether a health check should run now: always when closed, never during the break, while trials remain when half-open.</summary>
    public bool AllowsCheck()
    {
        lock (_lock)
        {
            return Current() switch
            {
                CircuitState.Closed => true,
                CircuitState.HalfOpen => _trialsUsed < options.HalfOpenTrials,
                _ => false,
            };
        }
    }

    /// <summary>Records a check's outcome; returns the transition it caused, if any.</summary>
    public (CircuitState From, CircuitState To)? Record(bool healthy)
    {
        lock (_lock)
        {
            var before = Current();
            switch (before)
            {
                case CircuitState.Closed:
                    _failuresInARow = healthy ? 0 : _failuresInARow + 1;
                    if (_failuresInARow >= options.FailureThreshold)
                    {
                        Open();
                    }

                    break;
                case CircuitState.HalfOpen:
                    _trialsUsed++;
                    if (!healthy)
                    {
                        Open();
                    }
                    else if (++_trialSuccesses >= options.SuccessesToClose)
                    {
                        _failuresInARow = 0;
                        _state = CircuitState.Closed;
                    }
                    else if (_trialsUsed >= options.HalfOpenTrials)
                    {
                        // Trials used up without enough successes: not trusted yet.
                        Open();
                    }

                    break;
                default:
                    // A check during the break (a restart's own health wait) does not change the breaker.
                    break;
            }

            var after = Current();
            return before == after ? null : (before, after);
        }
    }

    /// <summary>Opens the circuit now: the process exited, which needs no five checks to be sure of.</summary>
    public void Trip()
    {
        lock (_lock)
        {
            if (Current() != CircuitState.Open)
            {
                Open();
            }
        }
    }

    /// <summary>
    /// A restart made the service healthy again: the break ends now and the trial checks begin, so that a service
    /// failing again soon after is noticed at its first failed trial, not after the rest of the break.
    /// </summary>
    public void Recovered()
    {
        lock (_lock)
        {
            if (Current() == CircuitState.Open)
            {
                _state = CircuitState.HalfOpen;
                _trialsUsed = 0;
                _trialSuccesses = 0;
            }
        }
    }

    private void Open()
    {
        _state = CircuitState.Open;
        _openedAt = time.GetUtcNow();
        _trialsUsed = 0;
        _trialSuccesses = 0;
        Openings++;
    }

    private CircuitState Current()
    {
        if (_state == CircuitState.Open && time.GetUtcNow() - _openedAt >= options.BreakDuration)
        {
            _state = CircuitState.HalfOpen;
        }

        return _state;
    }
}
