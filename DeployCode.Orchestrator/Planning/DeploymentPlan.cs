using System.Globalization;
using System.Text;
using System.Text.Json;

namespace DeployCode.Orchestrator.Planning;

/// <summary>
/// The order the platform deploys in: phases of components that start together, each phase waiting for the
/// ones before it. Shown as a table in the log, as JSON and as a Mermaid diagram.
/// </summary>
internal sealed class DeploymentPlan
{
    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    private DeploymentPlan(IReadOnlyList<IReadOnlyList<string>> phases, DependencyGraph graph)
    {
        Phases = phases;
        Graph = graph;
    }

    /// <summary>Components by phase, phase 1 first.</summary>
    public IReadOnlyList<IReadOnlyList<string>> Phases { get; }

    /// <summary>What each component waits for.</summary>
    public DependencyGraph Graph { get; }

    /// <summary>Plans <paramref name="graph"/>; throws when it has a cycle (validation reports that first).</summary>
    public static DeploymentPlan For(DependencyGraph graph)
    {
        ArgumentNullException.ThrowIfNull(graph);
        return new DeploymentPlan(graph.Phases(), graph);
    }

    /// <summary>One line: <c>1: db, cache → 2: identity → …</c>.</summary>
    public string Summary() =>
        string.Join(" → ", Phases.Select((phase, index) => $"{index + 1}: {string.Join(", ", phase)}"));

    /// <summary>The plan as a text table, one row per component.</summary>
    public string ToTable()
    {
        var width = Math.Max("component".Length, Graph.DependsOn.Keys.Max(name => name.Length));
        var table = new StringBuilder();
        table.AppendLine(CultureInfo.InvariantCulture, $"phase  {"component".PadRight(width)}  waits for");
        for (var phase = 0; phase < Phases.Count; phase++)
        {
            foreach (var component in Phases[phase])
            {
                var waits = Graph.DependsOn[component];
                table.AppendLine(CultureInfo.InvariantCulture, $"{phase + 1,5}  {component.PadRight(width)}  {(waits.Count == 0 ? "-" : string.Join(", ", waits))}");
            }
        }

        return table.ToString().TrimEnd();
    }

    /// <summary>The plan as JSON: phases and each component's waits.</summary>
    public string ToJson() => JsonSerializer.Serialize(
        new
        {
            phases = Phases.Select((components, index) => new { phase = index + 1, components }),
            waits = Graph.DependsOn.ToDictionary(entry => entry.Key, entry => entry.Value.ToArray()),
        },
        s_json);

    /// <summary>The plan as a Mermaid flowchart: a subgraph per phase, an arrow from each dependency to its dependent.</summary>
    public string ToMermaid()
    {
        var diagram = new StringBuilder("flowchart LR\n");
        for (var phase = 0; phase < Phases.Count; phase++)
        {
            diagram.Append(CultureInfo.InvariantCulture, $"  subgraph phase{phase + 1}[phase {phase + 1}]\n");
            foreach (var component in Phases[phase])
            {
                diagram.Append(CultureInfo.InvariantCulture, $"    {Id(component)}[{component}]\n");
            }

            diagram.Append("  end\n");
        }

        foreach (var (component, waits) in Graph.DependsOn)
        {
            foreach (var dependency in waits)
            {
                diagram.Append(CultureInfo.InvariantCulture, $"  {Id(dependency)} --> {Id(component)}\n");
            }
        }

        return diagram.ToString();
    }

    // Mermaid ids cannot contain '-'.
    private static string Id(string component) => component.Replace('-', '_');
}
