namespace DeployCode.Orchestrator.Telemetry.Status;

/// <summary>
/// The status page's style, inline so that nothing is fetched from elsewhere. Text keeps at least 4.5:1 contrast on
/// every fill; each condition differs in outline (solid, dashed, dotted, thick) and symbol as well as in colour.
/// </summary>
internal static class StatusPageStyle
{
    public const string Css = """
        body { font-family: system-ui, sans-serif; margin: 0; color: #1b1b1b; background: #fff; }
        header { display: flex; justify-content: space-between; align-items: center; padding: 8px 24px; background: #1f2d3d; color: #fff; }
        header .brand { margin: 0; font-weight: 600; }
        header button { font: inherit; padding: 4px 12px; border: 1px solid #fff; background: #fff; color: #1f2d3d; border-radius: 4px; cursor: pointer; }
        main { padding: 8px 24px 32px; }
        h1 { margin: 12px 0 4px; }
        h2 { margin: 28px 0 8px; font-size: 1.2em; }
        .graph { overflow-x: auto; border: 1px solid #ccc; border-radius: 6px; padding: 4px; }
        svg text { font-family: system-ui, sans-serif; fill: #1b1b1b; }
        svg text.phase { font-weight: 600; font-size: 14px; }
        svg text.name { font-weight: 600; font-size: 13px; }
        svg text.state { font-size: 12px; }
        svg .edge { fill: none; stroke: #444; stroke-width: 1.4; }
        .node rect { stroke-width: 2; }
        .node.healthy rect { fill: #dff3e4; stroke: #1e7b34; }
        .node.starting rect { fill: #e3ecfa; stroke: #2456a6; stroke-dasharray: 6 3; }
        .node.unhealthy rect { fill: #fff1d6; stroke: #8a5100; stroke-dasharray: 2 2; }
        .node.held rect { fill: #eeeeee; stroke: #555; stroke-dasharray: 1 3; }
        .node.failed rect { fill: #fbe0e0; stroke: #b3261e; stroke-width: 4; }
        .legend { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: 16px; }
        .swatch { display: inline-block; min-width: 1.4em; text-align: center; border-radius: 4px; border: 2px solid; }
        .swatch.healthy { background: #dff3e4; border-color: #1e7b34; }
        .swatch.starting { background: #e3ecfa; border-color: #2456a6; border-style: dashed; }
        .swatch.unhealthy { background: #fff1d6; border-color: #8a5100; border-style: dotted; }
        .swatch.held { background: #eeeeee; border-color: #555; border-style: dotted; }
        .swatch.failed { background: #fbe0e0; border-color: #b3261e; border-width: 4px; }
        .swatch.arrow { border-color: transparent; }
        table { border-collapse: collapse; width: 100%; }
        caption { text-align: left; padding: 4px 0; color: #444; }
        th, td { text-align: left; padding: 6px 8px; border-bottom: 1px solid #ddd; vertical-align: top; }
        thead th { background: #f3f5f7; }
        td.detail { max-width: 48em; overflow-wrap: anywhere; }
        td.state, td.budget { white-space: nowrap; }
        .bar { display: inline-block; width: 90px; height: 10px; border: 1px solid #555; border-radius: 3px; margin-right: 6px; vertical-align: middle; background: #fff; }
        .bar > span { display: block; height: 100%; background: #2456a6; }
        .bar.over > span { background: #b3261e; }
        .figure { font-variant-numeric: tabular-nums; }
        """;
}
