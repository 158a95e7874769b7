using Aspire.Hosting.ApplicationModel;

namespace DeployCode.Orchestrator.Telemetry.Status;

/// <summary>
/// How the status page shows a component's condition: a class for its colour and outline, a symbol and words, so
/// that it reads the same without colour.
/// </summary>
internal sealed record ComponentLook(string Class, string Symbol, string Words)
{
    /// <summary>The condition of <paramref name="entry"/>: healthy, starting, unhealthy, held or failed.</summary>
    public static ComponentLook Of(RegistryEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var state = entry.State ?? "Not started";
        var words = entry.Health is { } health && health != state ? $"{state}, {health}" : state;
        if (entry.Failure is not null || entry.Health == "Failed" || KnownResourceStates.TerminalStates.Contains(state))
        {
            return new("failed", "✗", words);
        }

        if (state == "Held")
        {
            return new("held", "‖", words);
        }

        if (state == KnownResourceStates.Running)
        {
            return entry.Health is null or "Healthy" ? new("healthy", "✓", words) : new("unhealthy", "!", words);
        }

        return new("starting", "…", words);
    }

    /// <summary>What each look means, for the legend.</summary>
    public static IReadOnlyList<ComponentLook> Legend { get; } =
    [
        new("healthy", "✓", "running and healthy"),
        new("starting", "…", "waiting or starting"),
        new("unhealthy", "!", "running, not healthy"),
        new("held", "‖", "held by the budget"),
        new("failed", "✗", "failed or stopped"),
    ];
}
