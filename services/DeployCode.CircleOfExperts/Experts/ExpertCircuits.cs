using Microsoft.Extensions.Options;
using Polly;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace DeployCode.CircleOfExperts.Experts;

/// <summary>
/// Per expert, a Polly pipeline: its timeout inside a circuit breaker. Once an expert fails
/// <see cref="CircleOptions.FailuresBeforeBreaking"/> times in a row, its calls are refused at once for
/// <see cref="CircleOptions.BreakDuration"/> (it shows as unavailable); then one trial call decides whether it closes.
/// </summary>
internal sealed class ExpertCircuits
{
    private readonly Dictionary<string, (ResiliencePipeline Pipeline, CircuitBreakerStateProvider State)> _circuits = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, DateTimeOffset> _openUntil = new(StringComparer.OrdinalIgnoreCase);
    private readonly Lock _gate = new();

    public ExpertCircuits(ExpertCatalog catalog, IOptions<CircleOptions> options, TimeProvider time, ILogger<ExpertCircuits> logger, ExpertMetrics metrics)
    {
        var settings = options.Value;
        foreach (var expert in catalog.Experts)
        {
            var state = new CircuitBreakerStateProvider();
            var pipeline = new ResiliencePipelineBuilder { TimeProvider = time }
                .AddCircuitBreaker(new CircuitBreakerStrategyOptions
                {
                    // Every call in the window failed, and there were at least this many: "N failures in a row".
                    FailureRatio = 1.0,
                    MinimumThroughput = settings.FailuresBeforeBreaking,
                    SamplingDuration = settings.BreakDuration,
                    BreakDuration = settings.BreakDuration,
                    StateProvider = state,
                    // The caller giving up is not the expert's failure; its own timeout (TimeoutRejectedException) is.
                    ShouldHandle = new PredicateBuilder().Handle<Exception>(exception => exception is not OperationCanceledException),
                    OnOpened = opened =>
                    {
                        lock (_gate)
                        {
                            _openUntil[expert.Name] = time.GetUtcNow() + opened.BreakDuration;
                        }

                        logger.LogWarning("Expert {Expert} failed {Failures} times in a row: its circuit is open for {BreakDuration}", expert.Name, settings.FailuresBeforeBreaking, opened.BreakDuration);
                        metrics.CircuitChanged(expert, open: true);
                        return ValueTask.CompletedTask;
                    },
                    OnClosed = _ =>
                    {
                        logger.LogInformation("Expert {Expert} answered again: its circuit is closed", expert.Name);
                        metrics.CircuitChanged(expert, open: false);
                        return ValueTask.CompletedTask;
                    },
                })
                .AddTimeout(expert.Timeout)
                .Build();
            _circuits[expert.Name] = (pipeline, state);
        }
    }

    /// <summary>Runs <paramref name="call"/> for <paramref name="expert"/> through its timeout and breaker.</summary>
    /// <exception cref="BrokenCircuitException">The circuit is open: the expert was not asked.</exception>
    /// <exception cref="TimeoutRejectedException">The expert did not answer within its timeout.</exception>
    public ValueTask<T> ExecuteAsync<T>(Expert expert, Func<CancellationToken, ValueTask<T>> call, CancellationToken cancellationToken) =>
        _circuits[expert.Name].Pipeline.ExecuteAsync(call, cancellationToken);

    /// <summary><c>closed</c>, <c>open</c>, <c>half-open</c> or <c>isolated</c>.</summary>
    public string StateOf(Expert expert) => _circuits[expert.Name].State.CircuitState switch
    {
        CircuitState.Open => "open",
        CircuitState.HalfOpen => "half-open",
        CircuitState.Isolated => "isolated",
        _ => "closed",
    };

    /// <summary>When an open circuit lets a trial call through, or null while it is not open.</summary>
    public DateTimeOffset? OpenUntil(Expert expert)
    {
        if (_circuits[expert.Name].State.CircuitState != CircuitState.Open)
        {
            return null;
        }

        lock (_gate)
        {
            return _openUntil.GetValueOrDefault(expert.Name);
        }
    }
}
