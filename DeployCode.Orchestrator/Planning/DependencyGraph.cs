using Aspire.Hosting.ApplicationModel;

namespace DeployCode.Orchestrator.Planning;

/// <summary>
/// Which platform component waits for which, read from the model's wait annotations. A child resource (a
/// database) stands for its parent server, since that is what gets deployed.
/// </summary>
internal sealed class DependencyGraph
{
    private readonly SortedDictionary<string, SortedSet<string>> _dependsOn;
    private readonly List<(string Component, string Dependency)> _absent;

    private DependencyGraph(SortedDictionary<string, SortedSet<string>> dependsOn, List<(string Component, string Dependency)> absent)
    {
        _dependsOn = dependsOn;
        _absent = absent;
    }

    /// <summary>Waits on something that is not one of the graph's components: a dependency on something absent.</summary>
    public IReadOnlyList<(string Component, string Dependency)> AbsentDependencies => _absent;

    /// <summary>Each component and what it waits for.</summary>
    public IReadOnlyDictionary<string, SortedSet<string>> DependsOn => _dependsOn;

    /// <summary>Builds the graph from explicit edges (component → what it waits for).</summary>
    public static DependencyGraph FromEdges(IEnumerable<KeyValuePair<string, IEnumerable<string>>> edges)
    {
        ArgumentNullException.ThrowIfNull(edges);
        var edgeList = edges.Select(edge => (edge.Key, Dependencies: edge.Value.ToArray())).ToArray();
        var declared = edgeList.Select(edge => edge.Key).ToHashSet(StringComparer.Ordinal);
        var dependsOn = new SortedDictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        var absent = new List<(string, string)>();
        foreach (var (component, dependencies) in edgeList)
        {
            var set = Node(dependsOn, component);
            foreach (var dependency in dependencies)
            {
                if (!declared.Contains(dependency))
                {
                    absent.Add((component, dependency));
                }

                Node(dependsOn, dependency);
                set.Add(dependency);
            }
        }

        return new DependencyGraph(dependsOn, absent);
    }

    /// <summary>Builds the graph of the deployable components of an application model.</summary>
    public static DependencyGraph FromModel(IEnumerable<IResource> resources)
    {
        ArgumentNullException.ThrowIfNull(resources);
        var deployable = resources.Where(PlatformComponents.IsComponent).ToArray();
        return FromEdges(deployable.Select(resource => new KeyValuePair<string, IEnumerable<string>>(
            resource.Name,
            resource.Annotations.OfType<WaitAnnotation>().Select(wait => DeployedAs(wait.Resource).Name).Where(name => name != resource.Name))));
    }

    /// <summary>Everything <paramref name="component"/> waits on, directly or through others, in dependency order.</summary>
    public IReadOnlyList<string> DependenciesOf(string component) =>
        Reachable(component, current => _dependsOn.GetValueOrDefault(current) ?? []);

    /// <summary>Everything that waits on <paramref name="component"/>, directly or through others, in dependency order.</summary>
    public IReadOnlyList<string> DependentsOf(string component) =>
        Reachable(component, current => _dependsOn.Where(entry => entry.Value.Contains(current)).Select(entry => entry.Key));

    // The components reachable from one along `next`, listed in the order they deploy.
    private List<string> Reachable(string component, Func<string, IEnumerable<string>> next)
    {
        var found = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Queue<string>([component]);
        while (pending.TryDequeue(out var current))
        {
            foreach (var neighbour in next(current))
            {
                if (found.Add(neighbour))
                {
                    pending.Enqueue(neighbour);
                }
            }
        }

        return [.. Phases().SelectMany(phase => phase).Where(found.Contains)];
    }

    /// <summary>
    /// Kahn layering: phase 1 waits for nothing, each later phase only for earlier ones; every component in a
    /// phase can start together. Names are sorted within a phase so the plan reads the same every time.
    /// </summary>
    /// <exception cref="InvalidOperationException">The graph has a cycle; the message names it in order.</exception>
    public IReadOnlyList<IReadOnlyList<string>> Phases()
    {
        var phases = Layer(out var cycle);
        return cycle is null ? phases : throw new InvalidOperationException($"The wait graph has a cycle: {string.Join(" → ", cycle)}.");
    }

    /// <summary>A cycle in wait order (<c>a → b → a</c>), or <see langword="null"/> when the graph has none.</summary>
    public IReadOnlyList<string>? FindCycle()
    {
        Layer(out var cycle);
        return cycle;
    }

    private List<IReadOnlyList<string>> Layer(out List<string>? cycle)
    {
        var remaining = _dependsOn.ToDictionary(entry => entry.Key, entry => entry.Value.Count, StringComparer.Ordinal);
        var dependents = _dependsOn.Keys.ToDictionary(name => name, _ => new List<string>(), StringComparer.Ordinal);
        foreach (var (component, dependencies) in _dependsOn)
        {
            foreach (var dependency in dependencies)
            {
                dependents[dependency].Add(component);
            }
        }

        var phases = new List<IReadOnlyList<string>>();
        var ready = remaining.Where(entry => entry.Value == 0).Select(entry => entry.Key).Order(StringComparer.Ordinal).ToList();
        var placed = 0;
        while (ready.Count > 0)
        {
            phases.Add(ready);
            placed += ready.Count;
            var next = new List<string>();
            foreach (var component in ready)
            {
                foreach (var dependent in dependents[component])
                {
                    if (--remaining[dependent] == 0)
                    {
                        next.Add(dependent);
                    }
                }
            }

            next.Sort(StringComparer.Ordinal);
            ready = next;
        }

        cycle = placed < _dependsOn.Count
            ? CycleAmong(remaining.Where(entry => entry.Value > 0).Select(entry => entry.Key).ToHashSet(StringComparer.Ordinal))
            : null;
        return phases;
    }

    /// <summary>
    /// One cycle, in wait order and closed (<c>a → b → c → a</c>), among components that could not be placed.
    /// Every such component waits for another one of them, so following those waits must come back round.
    /// </summary>
    private List<string> CycleAmong(HashSet<string> stuck)
    {
        var path = new List<string>();
        var position = new Dictionary<string, int>(StringComparer.Ordinal);
        var current = stuck.Order(StringComparer.Ordinal).First();
        while (!position.ContainsKey(current))
        {
            position[current] = path.Count;
            path.Add(current);
            current = _dependsOn[current].First(stuck.Contains);
        }

        return [.. path.Skip(position[current]), current];
    }

    /// <summary>The component a resource is deployed as: itself, or the server of a child (a database).</summary>
    internal static IResource DeployedAs(IResource resource) =>
        resource is IResourceWithParent child ? DeployedAs(child.Parent) : resource;

    private static SortedSet<string> Node(SortedDictionary<string, SortedSet<string>> graph, string name)
    {
        if (!graph.TryGetValue(name, out var set))
        {
            set = new SortedSet<string>(StringComparer.Ordinal);
            graph[name] = set;
        }

        return set;
    }
}
