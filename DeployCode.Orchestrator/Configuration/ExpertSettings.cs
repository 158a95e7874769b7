using System.Globalization;
using DeployCode.Contracts;

namespace DeployCode.Orchestrator.Configuration;

/// <summary>
/// One expert of the circle, as configured under <c>DeployCode:Experts:&lt;name&gt;</c>. Optional values are
/// <see langword="null"/> when not configured: the service then applies its own default. The API key itself is
/// never held here (records print every property); it reaches the service through the secret parameter
/// <see cref="ApiKeyParameterName"/>.
/// </summary>
/// <param name="Name">The expert's name in lower case: how the service, its metrics and its parameter know it.</param>
/// <param name="Provider">One of <see cref="ExpertSettingsFormat.Providers"/>, in lower case.</param>
/// <param name="Model">The model the provider runs.</param>
/// <param name="BaseUrl">The API's address; required for <see cref="ExpertSettingsFormat.OpenAICompatible"/>, the provider's own otherwise.</param>
/// <param name="Weight">How much its answer counts in the consensus (the service's default is 1).</param>
/// <param name="TimeoutSeconds">How long the circle waits for its answer (the service's default is 60).</param>
/// <param name="InputPricePerMillionTokens">USD per million prompt tokens; with the output price it makes the cost metric.</param>
/// <param name="OutputPricePerMillionTokens">USD per million answer tokens.</param>
/// <param name="HasApiKey">Whether <c>DeployCode:Experts:&lt;name&gt;:ApiKey</c> is set.</param>
internal sealed record ExpertSettings(
    string Name,
    string Provider,
    string Model,
    string? BaseUrl,
    double? Weight,
    int? TimeoutSeconds,
    decimal? InputPricePerMillionTokens,
    decimal? OutputPricePerMillionTokens,
    bool HasApiKey)
{
    /// <summary>The secret parameter holding its API key: <c>&lt;name&gt;-api-key</c>.</summary>
    public string ApiKeyParameterName => ParameterNameFor(Name);

    /// <summary>The variable the service reads its API key from: <c>Experts__&lt;name&gt;__ApiKey</c>.</summary>
    public string ApiKeyVariable => Variable("ApiKey");

    /// <summary>The secret parameter of the expert called <paramref name="name"/>.</summary>
    public static string ParameterNameFor(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return $"{name.ToLowerInvariant()}-api-key";
    }

    /// <summary>
    /// Every setting of this expert that was configured, as the service's environment
    /// (<c>Experts__&lt;name&gt;__Provider</c>, <c>__Model</c>, <c>__BaseUrl</c>, <c>__Weight</c>, <c>__TimeoutSeconds</c>,
    /// <c>__InputPricePerMillionTokens</c>, <c>__OutputPricePerMillionTokens</c>); never the API key.
    /// </summary>
    public IReadOnlyDictionary<string, string> Environment()
    {
        var environment = new SortedDictionary<string, string>(StringComparer.Ordinal);
        Add(environment, "Provider", Provider);
        Add(environment, "Model", Model);
        Add(environment, "BaseUrl", BaseUrl);
        Add(environment, "Weight", Weight?.ToString(CultureInfo.InvariantCulture));
        Add(environment, "TimeoutSeconds", TimeoutSeconds?.ToString(CultureInfo.InvariantCulture));
        Add(environment, "InputPricePerMillionTokens", InputPricePerMillionTokens?.ToString(CultureInfo.InvariantCulture));
        Add(environment, "OutputPricePerMillionTokens", OutputPricePerMillionTokens?.ToString(CultureInfo.InvariantCulture));
        return environment;
    }

    /// <summary>Whether a flat configuration key is an expert's API key (<c>DeployCode:Experts:&lt;name&gt;:ApiKey</c>, any case).</summary>
    public static bool IsApiKey(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var path = key.Split(':');
        return path.Length == 4
            && string.Equals(path[0], DeployCodeOptions.SectionName, StringComparison.OrdinalIgnoreCase)
            && string.Equals(path[1], ExpertSettingsFormat.SectionName, StringComparison.OrdinalIgnoreCase)
            && string.Equals(path[3], "ApiKey", StringComparison.OrdinalIgnoreCase);
    }

    private string Variable(string setting) => $"{ExpertSettingsFormat.SectionName}__{Name}__{setting}";

    private void Add(SortedDictionary<string, string> environment, string setting, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            environment[Variable(setting)] = value;
        }
    }
}
