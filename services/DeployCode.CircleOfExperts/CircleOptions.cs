namespace DeployCode.CircleOfExperts;

/// <summary>How the circle consults its experts (section <c>Circle</c>).</summary>
internal sealed class CircleOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Circle";

    /// <summary>The longest question taken, in characters.</summary>
    public int MaxQuestionLength { get; set; } = 8000;

    /// <summary>The most tokens an expert may answer with.</summary>
    public int MaxOutputTokens { get; set; } = 1024;

    /// <summary>How long an identical question (same experts) is answered from Redis.</summary>
    public TimeSpan CacheFor { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How often each expert's endpoint is asked whether it answers.</summary>
    public TimeSpan AvailabilityInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Failures in a row (within <see cref="BreakDuration"/>) that open an expert's circuit.</summary>
    public int FailuresBeforeBreaking { get; set; } = 5;

    /// <summary>How long an open circuit keeps an expert out before one trial call.</summary>
    public TimeSpan BreakDuration { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>The names of impossible values, all at once, for the start-up error.</summary>
    public IEnumerable<string> Problems()
    {
        if (MaxQuestionLength is < 1 or > 100_000)
        {
            yield return $"{SectionName}:MaxQuestionLength must be from 1 to 100000 characters";
        }

        if (MaxOutputTokens is < 1 or > 100_000)
        {
            yield return $"{SectionName}:MaxOutputTokens must be from 1 to 100000";
        }

        if (CacheFor < TimeSpan.Zero)
        {
            yield return $"{SectionName}:CacheFor must be 00:00:00 (no cache) or more";
        }

        if (AvailabilityInterval < TimeSpan.FromSeconds(1))
        {
            yield return $"{SectionName}:AvailabilityInterval must be at least 00:00:01";
        }

        if (FailuresBeforeBreaking < 2)
        {
            yield return $"{SectionName}:FailuresBeforeBreaking must be at least 2";
        }

        if (BreakDuration < TimeSpan.FromSeconds(1))
        {
            yield return $"{SectionName}:BreakDuration must be at least 00:00:01";
        }
    }
}
