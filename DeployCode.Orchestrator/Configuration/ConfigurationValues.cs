using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace DeployCode.Orchestrator.Configuration;

/// <summary>
/// Optional numeric settings read one by one: <see langword="null"/> when not configured or unreadable, an
/// unreadable one added to the problems with its path and the range to give.
/// </summary>
internal static class ConfigurationValues
{
    /// <summary>A number above 0 and at most <paramref name="max"/>; <paramref name="note"/> ends the fix (the unit, the default).</summary>
    public static double? PositiveNumber(IConfigurationSection section, string key, double max, string note, List<ConfigurationProblem> problems)
    {
        var text = section[key];
        if (text is null)
        {
            return null;
        }

        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value > 0 && value <= max)
        {
            return value;
        }

        problems.Add(new($"{section.Path}:{key}", $"'{text}' is not a number above 0 and at most {Show(max)}", $"give a number above 0 and at most {Show(max)} {note}"));
        return null;
    }

    /// <summary>A whole number from <paramref name="min"/> to <paramref name="max"/>; <paramref name="note"/> ends the fix.</summary>
    public static int? WholeNumber(IConfigurationSection section, string key, int min, int max, string note, List<ConfigurationProblem> problems)
    {
        var text = section[key];
        if (text is null)
        {
            return null;
        }

        if (int.TryParse(text, NumberStyles.AllowLeadingWhite | NumberStyles.AllowTrailingWhite, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
        {
            return value;
        }

        problems.Add(new($"{section.Path}:{key}", $"'{text}' is not a whole number from {min} to {max}", $"give a whole number from {min} to {max} {note}"));
        return null;
    }

    /// <summary>A price in USD, 0 or more.</summary>
    public static decimal? Price(IConfigurationSection section, string key, List<ConfigurationProblem> problems)
    {
        var text = section[key];
        if (text is null)
        {
            return null;
        }

        if (decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var price) && price >= 0)
        {
            return price;
        }

        problems.Add(new($"{section.Path}:{key}", $"'{text}' is not a price", "give the USD price of a million tokens, 0 or more (such as 0.15)"));
        return null;
    }

    private static string Show(double value) => value.ToString(CultureInfo.InvariantCulture);
}
