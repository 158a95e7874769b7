using System.Globalization;
using DeployCode.Contracts;

namespace DeployCode.CircleOfExperts.Experts;

/// <summary>
/// The experts configured under <c>Experts</c> (the AppHost passes <c>DeployCode:Experts</c> here). Every value that
/// cannot be used is reported at start with its setting and the fix, all at once; none at all is allowed: the
/// service then runs degraded and says how to configure one.
/// </summary>
internal sealed class ExpertCatalog
{
    public ExpertCatalog(IReadOnlyList<Expert> experts) => Experts = experts;

    /// <summary>Every expert, by name.</summary>
    public IReadOnlyList<Expert> Experts { get; }

    /// <summary>The expert called <paramref name="name"/> (any case), or null.</summary>
    public Expert? Find(string name) => Experts.FirstOrDefault(expert => string.Equals(expert.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>Reads the section; throws with every problem when any value cannot be used.</summary>
    public static ExpertCatalog Read(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var problems = new List<string>();
        var experts = new List<Expert>();
        foreach (var section in configuration.GetSection(ExpertSettingsFormat.SectionName).GetChildren().OrderBy(section => section.Key, StringComparer.OrdinalIgnoreCase))
        {
            if (Read(section, problems) is { } expert)
            {
                experts.Add(expert);
            }
        }

        if (problems.Count > 0)
        {
            throw new InvalidOperationException($"The experts cannot be used as configured:{Environment.NewLine}  {string.Join($"{Environment.NewLine}  ", problems)}");
        }

        return new ExpertCatalog(experts);
    }

    private static Expert? Read(IConfigurationSection section, List<string> problems)
    {
        var before = problems.Count;
        foreach (var unknown in section.GetChildren().Where(setting => !ExpertSettingsFormat.Keys.Contains(setting.Key, StringComparer.OrdinalIgnoreCase)))
        {
            problems.Add($"{unknown.Path} is not an expert setting: use {string.Join(", ", ExpertSettingsFormat.Keys)}");
        }

        var provider = section["Provider"]?.Trim().ToLowerInvariant();
        if (string.IsNullOrEmpty(provider) || !ExpertSettingsFormat.Providers.Contains(provider))
        {
            problems.Add($"{section.Path}:Provider is '{section["Provider"]}': use {string.Join(", ", ExpertSettingsFormat.Providers)}");
        }

        var model = section["Model"]?.Trim();
        if (string.IsNullOrEmpty(model))
        {
            problems.Add($"{section.Path}:Model is missing: name the model the provider runs (e.g. gpt-4o-mini, claude-3-5-haiku-latest, llama3.1)");
        }

        var endpoint = Endpoint(section, provider, problems);
        var weight = Number(section, "Weight", ExpertSettingsFormat.DefaultWeight, 0, ExpertSettingsFormat.MaxWeight, problems, exclusiveMinimum: true);
        var timeout = Number(section, "TimeoutSeconds", ExpertSettingsFormat.DefaultTimeoutSeconds, 1, ExpertSettingsFormat.MaxTimeoutSeconds, problems, wholeNumber: true);
        var inputPrice = Price(section, "InputPricePerMillionTokens", problems);
        var outputPrice = Price(section, "OutputPricePerMillionTokens", problems);
        var apiKey = section["ApiKey"];

        return problems.Count > before
            ? null
            : new Expert(section.Key, provider!, model!, endpoint!, string.IsNullOrEmpty(apiKey) ? null : apiKey, weight, TimeSpan.FromSeconds(timeout), inputPrice, outputPrice);
    }

    private static Uri? Endpoint(IConfigurationSection section, string? provider, List<string> problems)
    {
        var text = section["BaseUrl"];
        if (string.IsNullOrWhiteSpace(text))
        {
            var fallback = provider is null ? null : ExpertSettingsFormat.DefaultEndpoint(provider);
            if (fallback is null && provider == ExpertSettingsFormat.OpenAICompatible)
            {
                problems.Add($"{section.Path}:BaseUrl is missing: an openai-compatible expert needs its server's address (e.g. http://localhost:11434/v1 for Ollama)");
            }

            return fallback;
        }

        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            problems.Add($"{section.Path}:BaseUrl '{text}' is not an http or https address: give one such as https://api.openai.com/v1");
            return null;
        }

        // The clients resolve paths against it: without the final slash they would drop its last segment.
        return uri.AbsoluteUri.EndsWith('/') ? uri : new Uri(uri.AbsoluteUri + "/");
    }

    private static double Number(IConfigurationSection section, string key, double fallback, double min, double max, List<string> problems, bool wholeNumber = false, bool exclusiveMinimum = false)
    {
        var text = section[key];
        if (text is null)
        {
            return fallback;
        }

        var range = exclusiveMinimum ? $"above {min.ToString(CultureInfo.InvariantCulture)} and at most {max.ToString(CultureInfo.InvariantCulture)}" : $"from {min.ToString(CultureInfo.InvariantCulture)} to {max.ToString(CultureInfo.InvariantCulture)}";
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            || (wholeNumber && value != Math.Floor(value))
            || value > max || value < min || (exclusiveMinimum && value <= min))
        {
            problems.Add($"{section.Path}:{key} is '{text}': give {(wholeNumber ? "a whole number" : "a number")} {range}");
            return fallback;
        }

        return value;
    }

    private static decimal? Price(IConfigurationSection section, string key, List<string> problems)
    {
        var text = section[key];
        if (text is null)
        {
            return null;
        }

        if (!decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var price) || price < 0)
        {
            problems.Add($"{section.Path}:{key} is '{text}': give the USD price of a million tokens, 0 or more (e.g. 0.15)");
            return null;
        }

        return price;
    }
}
