using DeployCode.Contracts;

namespace DeployCode.CircleOfExperts.Experts;

/// <summary>One expert of the circle, as configured under <c>Experts:&lt;name&gt;</c>.</summary>
/// <param name="Name">Its key in the configuration.</param>
/// <param name="Provider">One of <see cref="ExpertSettingsFormat.Providers"/>.</param>
/// <param name="Model">The model the provider runs.</param>
/// <param name="Endpoint">The API's base address (the provider's own unless configured).</param>
/// <param name="ApiKey">The key, or null when none is given.</param>
/// <param name="Weight">How much its answer counts in the consensus.</param>
/// <param name="Timeout">How long the circle waits for its answer.</param>
/// <param name="InputPricePerMillionTokens">USD per million prompt tokens, when a price is configured.</param>
/// <param name="OutputPricePerMillionTokens">USD per million answer tokens, when a price is configured.</param>
internal sealed record Expert(
    string Name,
    string Provider,
    string Model,
    Uri Endpoint,
    string? ApiKey,
    double Weight,
    TimeSpan Timeout,
    decimal? InputPricePerMillionTokens,
    decimal? OutputPricePerMillionTokens)
{
    /// <summary>Hosted APIs need a key; an OpenAI-compatible server (Ollama, vLLM, LM Studio) may not.</summary>
    public bool LacksKey => Provider != ExpertSettingsFormat.OpenAICompatible && string.IsNullOrEmpty(ApiKey);

    /// <summary>What the tokens of one answer cost, in USD; null when no price is configured.</summary>
    public decimal? Cost(long inputTokens, long outputTokens) =>
        InputPricePerMillionTokens is null && OutputPricePerMillionTokens is null
            ? null
            : ((inputTokens * (InputPricePerMillionTokens ?? 0)) + (outputTokens * (OutputPricePerMillionTokens ?? 0))) / 1_000_000m;
}
