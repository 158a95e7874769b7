using DeployCode.CircleOfExperts.Experts;

namespace DeployCode.CircleOfExperts.Queries;

/// <summary>A question put to the circle, and what came of it.</summary>
/// <param name="Id">Its id.</param>
/// <param name="Owner">The user who asked (the token's subject).</param>
/// <param name="Question">The question.</param>
/// <param name="Experts">The experts asked.</param>
/// <param name="Status">One of <see cref="QueryStatuses"/>.</param>
/// <param name="Cached">Answered from a recent identical query, without asking the experts again.</param>
/// <param name="CreatedAt">When it was asked.</param>
/// <param name="CompletedAt">When the last expert answered or gave up.</param>
/// <param name="Consensus">The combined answer, once there is one.</param>
/// <param name="Answers">One per expert asked, once done.</param>
/// <param name="Error">Why it failed, when it did.</param>
internal sealed record ExpertQuery(
    Guid Id,
    string Owner,
    string Question,
    IReadOnlyList<string> Experts,
    string Status,
    bool Cached,
    DateTimeOffset CreatedAt,
    DateTimeOffset? CompletedAt,
    Consensus? Consensus,
    IReadOnlyList<ExpertAnswer> Answers,
    string? Error);

/// <summary>Where a query stands.</summary>
internal static class QueryStatuses
{
    public const string Pending = "pending";
    public const string Completed = "completed";
    public const string Failed = "failed";
}
