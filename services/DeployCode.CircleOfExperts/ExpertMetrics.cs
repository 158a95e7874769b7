using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using DeployCode.CircleOfExperts.Experts;

namespace DeployCode.CircleOfExperts;

/// <summary>
/// The circle's own metrics, beside the GenAI ones of each call: what each expert's answers took and cost. The cost
/// counter is what the Prometheus alert "AI cost above the hourly limit" sums over an hour.
/// </summary>
internal sealed class ExpertMetrics
{
    /// <summary>The meter's name.</summary>
    public const string MeterName = "DeployCode.CircleOfExperts";

    private readonly Histogram<double> _latency;
    private readonly Counter<long> _tokens;
    private readonly ConcurrentDictionary<Expert, double> _costs = new();
    private readonly Counter<long> _answers;
    private readonly UpDownCounter<int> _openCircuits;

    public ExpertMetrics(IMeterFactory meters, ExpertCatalog catalog)
    {
        // Each priced expert's cost is observed from zero on, so the series exists before its first answer:
        // Prometheus's increase() then counts that answer instead of taking it as where the series started.
        foreach (var expert in catalog.Experts.Where(expert => expert.Cost(0, 0) is not null))
        {
            _costs[expert] = 0;
        }

        var meter = meters.Create(MeterName);
        _latency = meter.CreateHistogram<double>("deploycode.experts.latency", "s", "How long each expert took to answer (or fail)");
        _tokens = meter.CreateCounter<long>("deploycode.experts.tokens", "{token}", "Tokens used by expert answers, by direction (input, output)");
        // No unit: the Prometheus name is then exactly deploycode_experts_cost_usd_total, which the alert rule uses.
        meter.CreateObservableCounter("deploycode.experts.cost.usd", () => _costs.Select(entry => new Measurement<double>(entry.Value, Tags(entry.Key))),
            unit: null, "What expert answers cost in USD, where a price is configured");
        _answers = meter.CreateCounter<long>("deploycode.experts.answers", "{answer}", "Expert calls, by outcome (answered, failed, timed-out, circuit-open)");
        _openCircuits = meter.CreateUpDownCounter<int>("deploycode.experts.circuits.open", "{circuit}", "Experts whose circuit is open");
    }

    /// <summary>Records one expert call's outcome.</summary>
    public void Answered(Expert expert, string outcome, TimeSpan latency, long inputTokens, long outputTokens, decimal? cost)
    {
        var tags = Tags(expert);
        _latency.Record(latency.TotalSeconds, tags);
        _answers.Add(1, [.. tags, new("outcome", outcome)]);
        if (inputTokens > 0)
        {
            _tokens.Add(inputTokens, [.. tags, new("direction", "input")]);
        }

        if (outputTokens > 0)
        {
            _tokens.Add(outputTokens, [.. tags, new("direction", "output")]);
        }

        if (cost is > 0)
        {
            _costs.AddOrUpdate(expert, (double)cost.Value, (_, total) => total + (double)cost.Value);
        }
    }

    /// <summary>An expert's circuit opened or closed.</summary>
    public void CircuitChanged(Expert expert, bool open) => _openCircuits.Add(open ? 1 : -1, Tags(expert));

    private static KeyValuePair<string, object?>[] Tags(Expert expert) =>
        [new("expert", expert.Name), new("provider", expert.Provider), new("model", expert.Model)];
}
