using System.Globalization;
using System.Net;
using System.Text;

namespace DeployCode.Orchestrator.Telemetry.Status;

/// <summary>
/// The deployment plan drawn as inline SVG: one column per phase, one node per component in its condition's look,
/// and an arrow from each component to every component that waits for it.
/// </summary>
internal static class PlanGraph
{
    private const int Left = 16;
    private const int Top = 44;
    private const int ColumnWidth = 212;
    private const int NodeWidth = 176;
    private const int NodeHeight = 50;
    private const int RowHeight = 68;

    /// <summary>The SVG element for <paramref name="entries"/>.</summary>
    public static string Render(IReadOnlyList<RegistryEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var columns = entries.GroupBy(entry => entry.Phase ?? int.MaxValue).OrderBy(group => group.Key).ToArray();
        var places = new Dictionary<string, (int X, int Y)>(StringComparer.Ordinal);
        for (var column = 0; column < columns.Length; column++)
        {
            var row = 0;
            foreach (var entry in columns[column].OrderBy(entry => entry.Name, StringComparer.Ordinal))
            {
                places[entry.Name] = (Left + (column * ColumnWidth), Top + (row++ * RowHeight));
            }
        }

        var width = Left + (Math.Max(columns.Length, 1) * ColumnWidth);
        var height = Top + (Math.Max(1, columns.Select(group => group.Count()).DefaultIfEmpty(1).Max()) * RowHeight);
        var edges = entries.SelectMany(entry => entry.DependsOn.Where(places.ContainsKey).Select(dependency => (From: dependency, To: entry.Name))).ToArray();
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg class=\"plan\" role=\"img\" aria-labelledby=\"plan-title plan-desc\" viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\" xmlns=\"http://www.w3.org/2000/svg\">");
        svg.Append("<title id=\"plan-title\">Deployment plan</title>");
        svg.Append(CultureInfo.InvariantCulture, $"<desc id=\"plan-desc\">{columns.Length} phases, {entries.Count} components, {edges.Length} waits; the table below lists the same.</desc>");
        svg.Append("<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto-start-reverse\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"#444\"/></marker></defs>");
        for (var column = 0; column < columns.Length; column++)
        {
            var label = columns[column].Key == int.MaxValue ? "not planned" : $"phase {columns[column].Key}";
            svg.Append(CultureInfo.InvariantCulture, $"<text class=\"phase\" x=\"{Left + (column * ColumnWidth)}\" y=\"24\">{label}</text>");
        }

        foreach (var (from, to) in edges)
        {
            var (x1, y1) = (places[from].X + NodeWidth, places[from].Y + (NodeHeight / 2));
            var (x2, y2) = (places[to].X, places[to].Y + (NodeHeight / 2));
            var bend = Math.Max(24, Math.Abs(x2 - x1) / 2);
            svg.Append(CultureInfo.InvariantCulture,
                $"<path class=\"edge\" data-from=\"{Html(from)}\" data-to=\"{Html(to)}\" d=\"M{x1},{y1} C{x1 + bend},{y1} {x2 - bend},{y2} {x2 - 2},{y2}\" marker-end=\"url(#arrow)\"><title>{Html(to)} waits for {Html(from)}</title></path>");
        }

        foreach (var entry in entries)
        {
            var (x, y) = places[entry.Name];
            var look = ComponentLook.Of(entry);
            svg.Append(CultureInfo.InvariantCulture, $"<g class=\"node {look.Class}\" data-component=\"{Html(entry.Name)}\" data-state=\"{Html(entry.State ?? "")}\" transform=\"translate({x},{y})\">");
            svg.Append(CultureInfo.InvariantCulture, $"<title>{Html(entry.Name)}: {Html(look.Words)}{(entry.DependsOn.Count == 0 ? "" : $"; waits for {Html(string.Join(", ", entry.DependsOn))}")}</title>");
            svg.Append(CultureInfo.InvariantCulture, $"<rect width=\"{NodeWidth}\" height=\"{NodeHeight}\" rx=\"6\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text class=\"name\" x=\"10\" y=\"20\">{Html(entry.Name)}</text>");
            svg.Append(CultureInfo.InvariantCulture, $"<text class=\"state\" x=\"10\" y=\"39\">{look.Symbol} {Html(look.Words)}</text>");
            svg.Append("</g>");
        }

        return svg.Append("</svg>").ToString();
    }

    private static string Html(string text) => WebUtility.HtmlEncode(text);
}
