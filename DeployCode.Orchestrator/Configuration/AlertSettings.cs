using Microsoft.Extensions.Configuration;

namespace DeployCode.Orchestrator.Configuration;

/// <summary>
/// <c>DeployCode:Alerts</c>: the AI cost limit of its rule, where Alertmanager sends what fires, how long a rule's
/// condition must hold before it fires at most, how long Alertmanager gathers a group's first alerts, and how long
/// it waits before it tells of what changed in a group it has told of.
/// </summary>
internal sealed record AlertSettings(double AiCostPerHourUsd, Uri? WebhookUrl, TimeSpan? ForAtMost, TimeSpan GroupWait, TimeSpan GroupInterval)
{
    /// <summary>The section, under <c>DeployCode</c>.</summary>
    public const string SectionName = "Alerts";

    /// <summary>The alert limit on what the experts cost in an hour when <c>DeployCode:Alerts:AiCostPerHourUsd</c> is not set.</summary>
    public const double DefaultAiCostPerHourUsd = 10;

    /// <summary>Alertmanager's own default: long enough to gather what fires together into one notification.</summary>
    public static readonly TimeSpan DefaultGroupWait = TimeSpan.FromSeconds(30);

    /// <summary>Alertmanager's own default.</summary>
    public static readonly TimeSpan DefaultGroupInterval = TimeSpan.FromMinutes(5);

    private const double MaxAiCostPerHourUsd = 1_000_000;
    private static readonly string[] s_keys = ["AiCostPerHourUsd", "WebhookUrl", "ForSeconds", "GroupWaitSeconds", "GroupIntervalSeconds"];

    /// <summary>Reads <paramref name="alerts"/>, adding every unusable value to <paramref name="problems"/>.</summary>
    public static AlertSettings Read(IConfigurationSection alerts, List<ConfigurationProblem> problems)
    {
        ArgumentNullException.ThrowIfNull(alerts);
        foreach (var unknown in alerts.GetChildren().Where(setting => !s_keys.Contains(setting.Key, StringComparer.OrdinalIgnoreCase)))
        {
            problems.Add(new(unknown.Path, "is not an alert setting", $"use {string.Join(", ", s_keys)}"));
        }

        var aiCost = ConfigurationValues.PositiveNumber(alerts, "AiCostPerHourUsd", MaxAiCostPerHourUsd, "USD (the default is 10)", problems) ?? DefaultAiCostPerHourUsd;
        Uri? webhook = null;
        if (alerts["WebhookUrl"] is { } text && text.Trim().Length > 0)
        {
            if (Uri.TryCreate(text.Trim(), UriKind.Absolute, out var url) && url.Scheme is "http" or "https" && url.Host.Length > 0)
            {
                webhook = url;
            }
            else
            {
                problems.Add(new($"{alerts.Path}:WebhookUrl", $"'{text}' is not an http or https address",
                    "give the address of a receiver of Alertmanager's webhook posts, such as http://alerts.example.com:8080/hook, or leave it out to keep alerts in Alertmanager"));
            }
        }

        var forAtMost = ConfigurationValues.WholeNumber(alerts, "ForSeconds", 0, 86_400, "seconds (0 fires a rule the first time its condition holds)", problems);
        var groupWait = ConfigurationValues.WholeNumber(alerts, "GroupWaitSeconds", 0, 3600, "seconds (the default is 30)", problems);
        var groupInterval = ConfigurationValues.WholeNumber(alerts, "GroupIntervalSeconds", 1, 86_400, "seconds (the default is 300)", problems);
        return new AlertSettings(aiCost, webhook, forAtMost is { } seconds ? TimeSpan.FromSeconds(seconds) : null,
            groupWait is { } wait ? TimeSpan.FromSeconds(wait) : DefaultGroupWait, groupInterval is { } interval ? TimeSpan.FromSeconds(interval) : DefaultGroupInterval);
    }
}
