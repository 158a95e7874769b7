using System.Globalization;
using System.Text;

namespace DeployCode.Orchestrator.Telemetry.Status;

/// <summary>The status page's table: one row per component, its budget drawn against what it uses.</summary>
internal static class ComponentTable
{
    public static string Render(IReadOnlyList<RegistryEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var table = new StringBuilder("<section aria-labelledby=\"components-heading\"><h2 id=\"components-heading\">Components</h2>");
        table.Append("<table class=\"components\"><caption>Each component's phase, condition and budget against measured use</caption><thead><tr>");
        foreach (var heading in new[] { "Component", "Phase", "State", "Health", "Restarts", "Circuit", "CPU (cores)", "Memory (MiB)", "Waits for" })
        {
            table.Append(CultureInfo.InvariantCulture, $"<th scope=\"col\">{heading}</th>");
        }

        table.Append("</tr></thead><tbody>");
        foreach (var entry in entries)
        {
            var look = ComponentLook.Of(entry);
            table.Append(CultureInfo.InvariantCulture, $"<tr data-component=\"{StatusPage.Html(entry.Name)}\">");
            table.Append(CultureInfo.InvariantCulture, $"<th scope=\"row\">{StatusPage.Html(entry.Name)}</th>");
            table.Append(CultureInfo.InvariantCulture, $"<td>{entry.Phase?.ToString(CultureInfo.InvariantCulture) ?? "—"}</td>");
            table.Append(CultureInfo.InvariantCulture, $"<td class=\"state\"><span class=\"swatch {look.Class}\" aria-hidden=\"true\">{look.Symbol}</span> {StatusPage.Html(entry.State ?? "Not started")}</td>");
            table.Append(CultureInfo.InvariantCulture, $"<td>{StatusPage.Html(entry.Health ?? "—")}</td>");
            table.Append(CultureInfo.InvariantCulture, $"<td>{entry.Restarts}</td>");
            table.Append(CultureInfo.InvariantCulture, $"<td>{StatusPage.Html(entry.Circuit ?? "—")}</td>");
            table.Append("<td class=\"budget\">").Append(Bar("CPU", entry.Usage?.Cpu, entry.Allocation?.Cpu, "cores", "0.###")).Append("</td>");
            table.Append("<td class=\"budget\">").Append(Bar("Memory", entry.Usage?.MemoryMb, entry.Allocation?.MemoryMb, "MiB", "0")).Append("</td>");
            table.Append(CultureInfo.InvariantCulture, $"<td>{StatusPage.Html(entry.DependsOn.Count == 0 ? "nothing" : string.Join(", ", entry.DependsOn))}</td>");
            table.Append("</tr>");
        }

        return table.Append("</tbody></table></section>").ToString();
    }

    // The allocation as the bar's whole, the measured use as its fill; the words say the same for whoever cannot see it.
    private static string Bar(string what, double? used, double? allocated, string unit, string format)
    {
        var budget = allocated is { } given ? $"{given.ToString(format, CultureInfo.InvariantCulture)} {unit}" : "no budget";
        if (used is not { } measured)
        {
            return $"<span class=\"figure\">{budget} allocated, use not measured</span>";
        }

        var shown = measured.ToString(format, CultureInfo.InvariantCulture);
        if (allocated is not { } whole || whole <= 0)
        {
            return $"<span class=\"figure\">{shown} {unit} used, {budget}</span>";
        }

        var percent = (int)Math.Round(100 * measured / whole);
        var over = percent > 100 ? " over" : "";
        var words = $"{what}: {shown} of {budget} used ({percent} %{(percent > 100 ? ", over budget" : "")})";
        return $"<span class=\"bar{over}\" role=\"img\" aria-label=\"{words}\"><span style=\"width:{Math.Min(percent, 100)}%\"></span></span>" +
            $"<span class=\"figure\">{shown} / {budget}{(percent > 100 ? " (over)" : "")}</span>";
    }
}
