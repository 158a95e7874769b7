using DeployCode.CircleOfExperts.Experts;
using DeployCode.CircleOfExperts.Queries;

namespace DeployCode.CircleOfExperts.Endpoints;

/// <summary>A query as the API shows it.</summary>
internal sealed record QueryView(
    Guid Id,
    string Status,
    string Question,
    IReadOnlyList<string> Experts,
    bool Cached,
    DateTimeOffset CreatedAt,
    DateTimeOffset? CompletedAt,
    Consensus? Consensus,
    IReadOnlyList<ExpertAnswer> Answers,
    string? Error,
    QueryTotals Totals)
{
    public static QueryView Of(ExpertQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var answered = query.Answers.Where(answer => answer.Answered).ToArray();
        var costs = answered.Select(answer => answer.CostUsd).OfType<decimal>().ToArray();
        return new QueryView(query.Id, query.Status, query.Question, query.Experts, query.Cached, query.CreatedAt, query.CompletedAt, query.Consensus, query.Answers, query.Error,
            new QueryTotals(
                answered.Length,
                answered.Sum(answer => answer.InputTokens),
                answered.Sum(answer => answer.OutputTokens),
                // A cached answer cost nothing this time.
                query.Cached || costs.Length == 0 ? null : costs.Sum()));
    }
}

/// <summary>The sums over a query's answers.</summary>
internal sealed record QueryTotals(int Answered, long InputTokens, long OutputTokens, decimal? CostUsd);
