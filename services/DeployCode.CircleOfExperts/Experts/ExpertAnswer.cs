namespace DeployCode.CircleOfExperts.Experts;

/// <summary>What one expert made of a question.</summary>
/// <param name="Expert">The expert's name.</param>
/// <param name="Provider">Its provider.</param>
/// <param name="Model">The model that answered (as the provider reports it, else as configured).</param>
/// <param name="Status">One of <see cref="AnswerStatuses"/>.</param>
/// <param name="Text">The answer, when there is one.</param>
/// <param name="LatencyMs">How long it took, in milliseconds (0 when it was not asked).</param>
/// <param name="InputTokens">Prompt tokens, as the provider counted them.</param>
/// <param name="OutputTokens">Answer tokens, as the provider counted them.</param>
/// <param name="CostUsd">What it cost, when a price is configured.</param>
/// <param name="Error">Why there is no answer.</param>
/// <param name="Agreement">How much the other answers agree with this one (0 to 1), once combined.</param>
internal sealed record ExpertAnswer(
    string Expert,
    string Provider,
    string Model,
    string Status,
    string? Text,
    long LatencyMs,
    long InputTokens,
    long OutputTokens,
    decimal? CostUsd,
    string? Error,
    double? Agreement = null)
{
    /// <summary>Whether the expert answered.</summary>
    public bool Answered => Status == AnswerStatuses.Answered;
}

/// <summary>What became of one expert's part of a query.</summary>
internal static class AnswerStatuses
{
    public const string Answered = "answered";
    public const string Failed = "failed";
    public const string TimedOut = "timed-out";
    public const string CircuitOpen = "circuit-open";
    public const string Unavailable = "unavailable";
}
