using System.Text.RegularExpressions;
using Aspire.Hosting.ApplicationModel;
using DeployCode.Orchestrator.Monitoring;

namespace Aspire.Hosting;

/// <summary>Alerts of the platform's Prometheus that the AppHost gives per component.</summary>
public static partial class PlatformAlertBuilderExtensions
{
    /// <summary>
    /// Alerts, critical, when the component has been down (not scraped) for <paramref name="after"/>. Components given the
    /// same <paramref name="alert"/> share one rule, as a group: "<paramref name="noun"/> &lt;name&gt; has been down for …".
    /// Every component is also covered by the platform's own <c>TargetDown</c> after a minute.
    /// </summary>
    /// <example>
    /// <code>
    /// orders.WithDownAlert("ShopServiceDown", "shop service", TimeSpan.FromMinutes(2));
    /// </code>
    /// </example>
    public static IResourceBuilder<T> WithDownAlert<T>(this IResourceBuilder<T> builder, string alert, string noun, TimeSpan after) where T : IResource
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(noun);
        if (string.IsNullOrEmpty(alert) || !AlertName().IsMatch(alert))
        {
            throw new ArgumentException($"'{alert}' is not an alert name: use letters, digits and underscores, starting with a letter (McpServerDown).", nameof(alert));
        }

        if (AlertRules.FixedAlertNames.Contains(alert, StringComparer.Ordinal))
        {
            throw new ArgumentException($"'{alert}' is one of the platform's own alerts ({string.Join(", ", AlertRules.FixedAlertNames)}): give the group a name of its own.", nameof(alert));
        }

        if (after < TimeSpan.Zero || after.Ticks % TimeSpan.TicksPerSecond != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(after), after, "Give a whole number of seconds, zero or more.");
        }

        var annotation = new PlatformDownAlertAnnotation(alert, noun, after);
        var differing = builder.ApplicationBuilder.Resources
            .SelectMany(resource => resource.Annotations.OfType<PlatformDownAlertAnnotation>().Select(given => (resource.Name, Given: given)))
            .FirstOrDefault(entry => entry.Name != builder.Resource.Name && entry.Given.Alert == alert && entry.Given != annotation);
        if (differing.Given is not null)
        {
            throw new ArgumentException($"{differing.Name} gives the alert {alert} as '{differing.Given.Noun}' after {differing.Given.For}: a group's components give it alike.", nameof(alert));
        }

        return builder.WithAnnotation(annotation, ResourceAnnotationMutationBehavior.Append);
    }

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_]*$")]
    private static partial Regex AlertName();
}
