using DeployCode.Orchestrator.Configuration;

namespace DeployCode.Orchestrator.Planning;

/// <summary>
/// Checks the configuration against the platform's model: every problem is found and reported together,
/// each with its configuration path and the fix. An invalid configuration starts nothing.
/// </summary>
internal static class ConfigurationValidator
{
    /// <summary>All problems of <paramref name="settings"/> for the components and ports of the model.</summary>
    /// <param name="settings">What was configured.</param>
    /// <param name="graph">The model's components and what each waits for.</param>
    /// <param name="ports">Each component's port (configured or from the platform table).</param>
    public static IReadOnlyList<ConfigurationProblem> Validate(DeployCodeSettings settings, DependencyGraph graph, IReadOnlyDictionary<string, int> ports)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(ports);

        var problems = new List<ConfigurationProblem>(settings.Problems);
        var section = $"{DeployCodeOptions.SectionName}:Services";
        var components = graph.DependsOn.Keys.Where(name => !graph.AbsentDependencies.Any(absent => absent.Dependency == name)).ToHashSet(StringComparer.Ordinal);

        foreach (var name in settings.ConfiguredServices.Where(name => !components.Contains(name)).Order(StringComparer.Ordinal))
        {
            problems.Add(new($"{section}:{name}", "is not a component of the platform", $"use one of {string.Join(", ", components.Order(StringComparer.Ordinal))}"));
        }

        // A profile naming a resource the AppHost does not have (renamed, say) would otherwise leave it without a budget, silently.
        foreach (var (path, name) in settings.ProfileEntries.Where(entry => !components.Contains(entry.Component)))
        {
            problems.Add(new(path, "is not a component of the platform", $"name a component of the AppHost ({string.Join(", ", components.Order(StringComparer.Ordinal))}), or remove the entry"));
        }

        foreach (var shared in ports.GroupBy(entry => entry.Value).Where(group => group.Count() > 1).OrderBy(group => group.Key))
        {
            var names = shared.Select(entry => entry.Key).Order(StringComparer.Ordinal).ToArray();
            foreach (var name in names)
            {
                problems.Add(new($"{section}:{name}:Port", $"port {shared.Key} is also given to {string.Join(", ", names.Where(other => other != name))}", "give each component its own port"));
            }
        }

        foreach (var (component, dependency) in graph.AbsentDependencies)
        {
            problems.Add(new($"{section}:{component}", $"waits for '{dependency}', which is not in the platform", $"add {dependency} to the AppHost or remove the wait"));
        }

        if (graph.FindCycle() is { } cycle)
        {
            problems.Add(new($"{section}:{cycle[0]}", $"the components wait for each other in a cycle: {string.Join(" → ", cycle)}", "remove one of these waits"));
        }

        return problems;
    }
}
