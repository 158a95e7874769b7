using System.Globalization;
using System.Net;
using System.Text;

namespace DeployCode.Orchestrator.Telemetry.Status;

/// <summary>
/// The status page at the root of the orchestrator's telemetry port: the plan as a graph, every component with its
/// phase, state, health, restarts, circuit and budget against use, what is held or failed and why, and the latest
/// events. Rendered on the server from the registry that <c>/registry</c> serves, with nothing loaded from elsewhere,
/// so it works offline. It refreshes its content every few seconds; a button pauses that.
/// </summary>
internal static class StatusPage
{
    /// <summary>The query that asks for the page's content alone, as the page's own refresh does.</summary>
    public const string FragmentQuery = "content";

    private const int EventsShown = 20;

    /// <summary>The whole page.</summary>
    public static string Render(PlatformRegistry registry, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(registry);
        var title = Html($"{registry.Platform ?? "Platform"} · Deploy-Code status");
        return $"""
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{title}</title>
            <style>{StatusPageStyle.Css}</style>
            </head>
            <body>
            <header><p class="brand">Deploy-Code</p><button type="button" id="pause" aria-pressed="false">Pause updates</button></header>
            <main id="status">{RenderMain(registry, now)}</main>
            <script>{RefreshScript}</script>
            </body>
            </html>
            """;
    }

    /// <summary>The page's content: what the page replaces at each refresh.</summary>
    public static string RenderMain(PlatformRegistry registry, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(registry);
        var entries = registry.Entries;
        var page = new StringBuilder();
        page.Append(CultureInfo.InvariantCulture, $"<h1>{Html(registry.Platform ?? "Platform")}</h1>");
        page.Append(CultureInfo.InvariantCulture, $"<p class=\"deployment\">Deployment: <strong id=\"deployment-state\">{Html(registry.DeploymentState ?? "not started")}</strong> · {entries.Count} components · updated <time datetime=\"{now:o}\">{now:HH:mm:ss} UTC</time></p>");

        page.Append("<section aria-labelledby=\"plan-heading\"><h2 id=\"plan-heading\">Plan</h2>");
        page.Append("<div class=\"graph\">").Append(PlanGraph.Render(entries)).Append("</div>");
        page.Append("<ul class=\"legend\" aria-label=\"Legend\">");
        foreach (var look in ComponentLook.Legend)
        {
            page.Append(CultureInfo.InvariantCulture, $"<li><span class=\"swatch {look.Class}\" aria-hidden=\"true\">{look.Symbol}</span> {Html(look.Words)}</li>");
        }

        page.Append("<li><span class=\"swatch arrow\" aria-hidden=\"true\">→</span> waited for by</li></ul></section>");
        page.Append(ComponentTable.Render(entries));
        page.Append(NotRunning(entries));
        page.Append(Events(registry.Events));
        return page.ToString();
    }

    private static string NotRunning(IReadOnlyList<RegistryEntry> entries)
    {
        var list = new StringBuilder("<section aria-labelledby=\"problems-heading\"><h2 id=\"problems-heading\">Held and failed</h2>");
        var problems = entries.Select(entry => (entry, look: ComponentLook.Of(entry))).Where(item => item.look.Class is "held" or "failed").ToArray();
        if (problems.Length == 0)
        {
            return list.Append("<p>None: every component runs.</p></section>").ToString();
        }

        list.Append("<ul class=\"problems\">");
        foreach (var (entry, look) in problems)
        {
            var reason = entry.Failure ?? entry.Allocation?.Reason ?? "no reason was given";
            list.Append(CultureInfo.InvariantCulture, $"<li data-component=\"{Html(entry.Name)}\"><span class=\"swatch {look.Class}\" aria-hidden=\"true\">{look.Symbol}</span> <strong>{Html(entry.Name)}</strong> is {Html(look.Class)}: {Html(reason)}</li>");
        }

        return list.Append("</ul></section>").ToString();
    }

    private static string Events(IReadOnlyList<RegistryEvent> events)
    {
        var table = new StringBuilder("<section aria-labelledby=\"events-heading\"><h2 id=\"events-heading\">Recent events</h2>");
        if (events.Count == 0)
        {
            return table.Append("<p>None yet.</p></section>").ToString();
        }

        table.Append("<table class=\"events\"><caption>Updates, rollbacks and recovery, newest first</caption><thead><tr><th scope=\"col\">Time (UTC)</th><th scope=\"col\">Source</th><th scope=\"col\">What</th><th scope=\"col\">Component</th><th scope=\"col\">Detail</th></tr></thead><tbody>");
        foreach (var recorded in events.Reverse().Take(EventsShown))
        {
            var outcome = recorded.Succeeded switch { true => " (succeeded)", false => " (failed)", null => "" };
            table.Append(CultureInfo.InvariantCulture,
                $"<tr><td><time datetime=\"{recorded.At:o}\">{recorded.At:HH:mm:ss}</time></td><td>{Html(recorded.Source)}</td><td>{Html(recorded.Kind + outcome)}</td><td>{Html(recorded.Component ?? "platform")}</td><td class=\"detail\">{Html(recorded.Detail)}</td></tr>");
        }

        return table.Append("</tbody></table></section>").ToString();
    }

    internal static string Html(string text) => WebUtility.HtmlEncode(text);

    // Replaces the content with the server's latest every five seconds, unless paused; on a failed fetch it says so and keeps trying.
    private const string RefreshScript = """
        (() => {
          const pause = document.getElementById('pause');
          let paused = false;
          pause.addEventListener('click', () => {
            paused = !paused;
            pause.setAttribute('aria-pressed', String(paused));
            pause.textContent = paused ? 'Resume updates' : 'Pause updates';
          });
          setInterval(async () => {
            if (paused) return;
            try {
              const response = await fetch('?content', { cache: 'no-store' });
              if (response.ok) document.getElementById('status').innerHTML = await response.text();
            } catch {
              const state = document.getElementById('deployment-state');
              if (state) state.textContent = 'not answering (the AppHost may have stopped)';
            }
          }, 5000);
        })();
        """;
}
