using System.Text.Json;
using DeployCode.Orchestrator.Planning;

namespace DeployCode.Orchestrator.Tests;

public sealed class DeploymentPlanTests
{
    private static readonly DeploymentPlan s_flowExample = DeploymentPlan.For(DependencyGraph.FromEdges(
    [
        new("api-gateway", ["auth-service", "circle-of-experts"]),
        new("circle-of-experts", ["auth-service", "redis", "postgresql"]),
        new("auth-service", ["postgresql", "redis"]),
        new("postgresql", []),
        new("redis", []),
    ]));

    [Fact]
    public void TheJsonListsEachPhaseAndEachComponentsWaits()
    {
        using var json = JsonDocument.Parse(s_flowExample.ToJson());

        var phases = json.RootElement.GetProperty("phases").EnumerateArray()
            .Select(phase => phase.GetProperty("components").EnumerateArray().Select(component => component.GetString()).ToArray())
            .ToArray();
        Assert.Equal([["postgresql", "redis"], ["auth-service"], ["circle-of-experts"], ["api-gateway"]], phases);
        Assert.Equal(["auth-service", "circle-of-experts"], json.RootElement.GetProperty("waits").GetProperty("api-gateway").EnumerateArray().Select(wait => wait.GetString()));
    }

    [Fact]
    public void TheMermaidDiagramHasASubgraphPerPhaseAndAnArrowPerWait()
    {
        var lines = s_flowExample.ToMermaid().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

        Assert.Equal("flowchart LR", lines[0]);
        Assert.Equal(4, lines.Count(line => line.StartsWith("subgraph phase", StringComparison.Ordinal)));
        Assert.Equal(7, lines.Count(line => line.Contains("-->", StringComparison.Ordinal)));
        Assert.Contains("circle_of_experts --> api_gateway", lines);
    }

    [Fact]
    public void TheTableHasAPhaseAndTheWaitsOfEveryComponent()
    {
        var rows = s_flowExample.ToTable().Split(Environment.NewLine);

        Assert.Equal(6, rows.Length);
        Assert.Matches(@"^\s+4\s+api-gateway\s+auth-service, circle-of-experts$", rows[^1]);
        Assert.Equal("1: postgresql, redis → 2: auth-service → 3: circle-of-experts → 4: api-gateway", s_flowExample.Summary());
    }
}
