using System.Text.RegularExpressions;
using DeployCode.Contracts;
using Microsoft.Extensions.Configuration;

namespace DeployCode.Orchestrator.Configuration;

/// <summary>
/// Reads <c>DeployCode:Experts</c>, expert by expert, reporting every value that cannot be used with its path and
/// fix. An API key is never read into a problem: at most its path is named.
/// </summary>
internal static partial class ExpertSettingsReader
{
    // An expert's parameter, <name>-api-key, then stays well within Aspire's 64-character limit on names.
    private const int MaxNameLength = 40;

    /// <summary>The experts whose names can be used, by lower-case name; every problem is added to <paramref name="problems"/>.</summary>
    public static SortedDictionary<string, ExpertSettings> Read(IConfigurationSection experts, List<ConfigurationProblem> problems)
    {
        var read = new SortedDictionary<string, ExpertSettings>(StringComparer.Ordinal);
        foreach (var section in experts.GetChildren())
        {
            var usable = IsUsableName(section.Key, section.Path, problems);
            if (ReadExpert(section, problems) is { } expert && usable)
            {
                read[expert.Name] = expert;
            }
        }

        return read;
    }

    // The name becomes an Aspire parameter name (<name>-api-key), which Aspire checks the same way, and a
    // segment of the service's variables.
    private static bool IsUsableName(string name, string path, List<ConfigurationProblem> problems)
    {
        if (name.Length <= MaxNameLength && UsableName().IsMatch(name))
        {
            return true;
        }

        problems.Add(new(path, $"'{name}' cannot name an expert: the name makes its parameter {name.ToLowerInvariant()}-api-key and its variables Experts__{name}__*",
            $"use ASCII letters, digits and single hyphens, starting with a letter and not ending with a hyphen, at most {MaxNameLength} characters (such as local-llama)"));
        return false;
    }

    private static ExpertSettings? ReadExpert(IConfigurationSection section, List<ConfigurationProblem> problems)
    {
        if (!section.GetChildren().Any())
        {
            problems.Add(new(section.Path, "is a single value, not an expert's settings", $"give its settings under it, at least {section.Path}:Provider and {section.Path}:Model"));
            return null;
        }

        foreach (var unknown in section.GetChildren().Where(setting => !ExpertSettingsFormat.Keys.Contains(setting.Key, StringComparer.OrdinalIgnoreCase)))
        {
            problems.Add(new(unknown.Path, "is not an expert setting", $"use one of {string.Join(", ", ExpertSettingsFormat.Keys)}"));
        }

        var provider = Provider(section, problems);
        var model = section["Model"]?.Trim();
        if (string.IsNullOrEmpty(model))
        {
            problems.Add(new($"{section.Path}:Model", "is missing", "name the model the provider runs, such as gpt-4o-mini, claude-3-5-haiku-latest or llama3.1"));
        }

        return new ExpertSettings(
            section.Key.ToLowerInvariant(),
            provider,
            model ?? "",
            BaseUrl(section, provider, problems),
            ConfigurationValues.PositiveNumber(section, "Weight", ExpertSettingsFormat.MaxWeight, $"(the default is {ExpertSettingsFormat.DefaultWeight})", problems),
            ConfigurationValues.WholeNumber(section, "TimeoutSeconds", 1, ExpertSettingsFormat.MaxTimeoutSeconds, $"seconds (the default is {ExpertSettingsFormat.DefaultTimeoutSeconds})", problems),
            ConfigurationValues.Price(section, "InputPricePerMillionTokens", problems),
            ConfigurationValues.Price(section, "OutputPricePerMillionTokens", problems),
            !string.IsNullOrEmpty(section["ApiKey"]));
    }

    private static string Provider(IConfigurationSection section, List<ConfigurationProblem> problems)
    {
        var text = section["Provider"]?.Trim();
        var choices = string.Join(", ", ExpertSettingsFormat.Providers);
        if (string.IsNullOrEmpty(text))
        {
            problems.Add(new($"{section.Path}:Provider", "is missing", $"give one of {choices}"));
            return "";
        }

        // Case is forgiven ("OpenAI"); the service is told the canonical name.
        var provider = text.ToLowerInvariant();
        if (!ExpertSettingsFormat.Providers.Contains(provider))
        {
            problems.Add(new($"{section.Path}:Provider", $"'{text}' is not a provider", $"use one of {choices}"));
        }

        return provider;
    }

    private static string? BaseUrl(IConfigurationSection section, string provider, List<ConfigurationProblem> problems)
    {
        var text = section["BaseUrl"]?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            if (provider == ExpertSettingsFormat.OpenAICompatible)
            {
                problems.Add(new($"{section.Path}:BaseUrl", "is missing: an openai-compatible expert has no default address",
                    "give its server's address, such as http://localhost:11434/v1 for Ollama"));
            }

            return null;
        }

        if (!Uri.TryCreate(text, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
        {
            problems.Add(new($"{section.Path}:BaseUrl", $"'{text}' is not an absolute http or https URL", "give one such as https://api.openai.com/v1 or http://localhost:11434/v1"));
            return null;
        }

        return text;
    }

    [GeneratedRegex("^[A-Za-z](-?[A-Za-z0-9])*$")]
    private static partial Regex UsableName();
}
