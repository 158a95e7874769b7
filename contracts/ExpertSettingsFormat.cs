namespace DeployCode.Contracts;

/// <summary>
/// The format of an expert's settings, in one place for both sides: the orchestrator checks <c>DeployCode:Experts</c>
/// against it and hands each expert to circle-of-experts as <c>Experts__&lt;name&gt;__&lt;key&gt;</c>, which the service
/// reads against it again. Compiled into both (linked source), so the keys, providers and limits cannot drift apart.
/// </summary>
internal static class ExpertSettingsFormat
{
    /// <summary>The section: <c>DeployCode:Experts</c> in the AppHost, <c>Experts</c> in the service, which the AppHost fills.</summary>
    public const string SectionName = "Experts";

    /// <summary>OpenAI's API.</summary>
    public const string OpenAI = "openai";

    /// <summary>Anthropic's API.</summary>
    public const string Anthropic = "anthropic";

    /// <summary>A server speaking OpenAI's API (Ollama, vLLM, LM Studio): it has no default address.</summary>
    public const string OpenAICompatible = "openai-compatible";

    /// <summary>How much an answer counts when an expert names no weight.</summary>
    public const double DefaultWeight = 1;

    /// <summary>The largest weight: above 0 and at most this.</summary>
    public const double MaxWeight = 100;

    /// <summary>How long the circle waits for an answer when an expert names no timeout.</summary>
    public const int DefaultTimeoutSeconds = 60;

    /// <summary>The longest timeout: from 1 second to this.</summary>
    public const int MaxTimeoutSeconds = 600;

    /// <summary>Every setting an expert can have.</summary>
    public static IReadOnlyList<string> Keys { get; } =
        ["Provider", "Model", "BaseUrl", "ApiKey", "Weight", "TimeoutSeconds", "InputPricePerMillionTokens", "OutputPricePerMillionTokens"];

    /// <summary>The providers an expert can use.</summary>
    public static IReadOnlyList<string> Providers { get; } = [OpenAI, Anthropic, OpenAICompatible];

    /// <summary>The provider's own API, for an expert that names no BaseUrl; null for one that has none.</summary>
    public static Uri? DefaultEndpoint(string provider) => provider switch
    {
        OpenAI => new Uri("https://api.openai.com/v1/"),
        Anthropic => new Uri("https://api.anthropic.com/"),
        _ => null,
    };
}
