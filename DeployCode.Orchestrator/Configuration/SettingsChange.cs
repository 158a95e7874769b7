namespace DeployCode.Orchestrator.Configuration;

/// <summary>
/// What an edit of the <c>DeployCode</c> section changes while the platform runs: the keys, the components
/// whose settings differ (they are restarted), and the keys that are fixed for the run (the edit is refused).
/// </summary>
/// <param name="ChangedKeys">Every key added, removed or given another value, sorted.</param>
/// <param name="Restart">Components whose budgets differ (a profile change can touch many).</param>
/// <param name="Fixed">Changed keys that only take effect when the AppHost starts, each with the fix.</param>
internal sealed record SettingsChange(IReadOnlyList<string> ChangedKeys, IReadOnlyList<string> Restart, IReadOnlyList<ConfigurationProblem> Fixed)
{
    private const string Prefix = DeployCodeOptions.SectionName + ":";

    /// <summary>Nothing differs.</summary>
    public bool IsEmpty => ChangedKeys.Count == 0;

    /// <summary>
    /// Whether the experts differ: the services that consult them (those given <c>WithPlatformExperts</c>) restart
    /// to read the new ones.
    /// </summary>
    public bool ExpertsChanged { get; init; }

    /// <summary>Compares the flat settings and the budgets they give.</summary>
    /// <param name="before">The applied settings, as flat keys (<c>DeployCode:Services:redis:Cpu</c>).</param>
    /// <param name="after">The edited settings, as flat keys.</param>
    /// <param name="applied">The applied settings, read.</param>
    /// <param name="edited">The edited settings, read.</param>
    /// <param name="given">What the model gives each service (<c>WithBudget</c>, <c>AsCritical</c>), under both.</param>
    public static SettingsChange Between(
        IReadOnlyDictionary<string, string> before, IReadOnlyDictionary<string, string> after, DeployCodeSettings applied, DeployCodeSettings edited,
        IReadOnlyDictionary<string, ServiceBudget> given)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        ArgumentNullException.ThrowIfNull(applied);
        ArgumentNullException.ThrowIfNull(edited);
        ArgumentNullException.ThrowIfNull(given);

        var changed = before.Keys.Union(after.Keys, StringComparer.OrdinalIgnoreCase)
            .Where(key => !string.Equals(Lookup(before, key), Lookup(after, key), StringComparison.Ordinal))
            .Order(StringComparer.OrdinalIgnoreCase)
            .ToArray();

        var restart = applied.Budgets.Keys.Union(edited.Budgets.Keys, StringComparer.Ordinal)
            .Where(name => applied.BudgetOf(name, given.GetValueOrDefault(name)) != edited.BudgetOf(name, given.GetValueOrDefault(name)))
            .Order(StringComparer.Ordinal)
            .ToArray();

        var fixedKeys = changed.Where(IsFixedForTheRun)
            .Select(key => new ConfigurationProblem(key, Described(key, Lookup(before, key), Lookup(after, key)), "put it back, or restart the AppHost to apply it"))
            .ToArray();

        return new SettingsChange(changed, restart, fixedKeys) { ExpertsChanged = !SameExperts(applied.Experts, edited.Experts) };
    }

    /// <summary>
    /// Ports, replicas, images, the run mode and the orchestrator's own settings shape the model Aspire built, and so do the
    /// experts' API keys (each is a secret parameter made at start); the alert limits are written into Prometheus's
    /// rules at start. Budgets (profile, per-service resources, enforcement, buffer) and the experts' other
    /// settings can change under a running platform.
    /// </summary>
    public static bool IsFixedForTheRun(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (!key.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var path = key[Prefix.Length..].Split(':');
        return path[0].ToUpperInvariant() switch
        {
            "PROFILE" or "BUDGET" => false,
            "SERVICES" => path.Length > 2 && path[2].ToUpperInvariant() is "PORT" or "REPLICAS" or "IMAGE",
            "EXPERTS" => ExpertSettings.IsApiKey(key),
            _ => true,
        };
    }

    private static string? Lookup(IReadOnlyDictionary<string, string> settings, string key) =>
        settings.FirstOrDefault(entry => string.Equals(entry.Key, key, StringComparison.OrdinalIgnoreCase)).Value;

    // An API key's value is never shown, whether as it was or as it is now.
    private static string Described(string key, string? before, string? after) => ExpertSettings.IsApiKey(key)
        ? $"{(before is null ? "was set" : after is null ? "was removed" : "was changed")}, but an expert's API key is fixed while the platform runs (its secret parameter is made when the AppHost starts)"
        : $"changed from {Show(before)} to {Show(after)}, but it is fixed while the platform runs";

    private static string Show(string? value) => value is null ? "(unset)" : $"'{value}'";

    private static bool SameExperts(IReadOnlyDictionary<string, ExpertSettings> applied, IReadOnlyDictionary<string, ExpertSettings> edited) =>
        applied.Count == edited.Count && applied.All(entry => edited.TryGetValue(entry.Key, out var other) && other == entry.Value);
}
