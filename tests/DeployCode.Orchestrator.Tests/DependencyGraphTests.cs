using DeployCode.Orchestrator.Planning;

namespace DeployCode.Orchestrator.Tests;

public sealed class DependencyGraphTests
{
    [Fact]
    public void TheFlowDocumentExampleStartsInfrastructureFirstAndTheGatewayLast()
    {
        var graph = Graph(
            ("api-gateway", ["auth-service", "circle-of-experts"]),
            ("circle-of-experts", ["redis", "postgresql"]),
            ("auth-service", ["postgresql", "redis"]));

        Assert.Equal(
            [
                ["postgresql", "redis"],
                ["auth-service", "circle-of-experts"],
                ["api-gateway"],
            ],
            graph.Phases());
    }

    [Fact]
    public void TheDependentsOfAComponentAreEverythingThatWaitsOnItThroughAnyPathInStartOrder()
    {
        var graph = Graph(
            ("api-gateway", ["auth-service", "circle-of-experts"]),
            ("circle-of-experts", ["mcp-memory"]),
            ("mcp-bashgod", ["mcp-memory"]),
            ("mcp-memory", ["redis"]),
            ("auth-service", ["postgresql"]));

        Assert.Equal(["circle-of-experts", "mcp-bashgod", "api-gateway"], graph.DependentsOf("mcp-memory"));
        Assert.Equal(["api-gateway"], graph.DependentsOf("auth-service"));
        Assert.Empty(graph.DependentsOf("api-gateway"));
        Assert.Equal(["postgresql", "redis", "auth-service", "mcp-memory", "circle-of-experts"], graph.DependenciesOf("api-gateway"));
        Assert.Equal(["redis"], graph.DependenciesOf("mcp-bashgod").Intersect(["redis", "postgresql"]));
        Assert.Empty(graph.DependenciesOf("postgresql"));
    }

    [Fact]
    public void AComponentWaitingForAnotherStartsInALaterPhase()
    {
        var graph = Graph(
            ("api-gateway", ["auth-service", "circle-of-experts"]),
            ("circle-of-experts", ["redis", "postgresql", "auth-service"]),
            ("auth-service", ["postgresql", "redis"]));

        Assert.Equal(
            [
                ["postgresql", "redis"],
                ["auth-service"],
                ["circle-of-experts"],
                ["api-gateway"],
            ],
            graph.Phases());
    }

    [Fact]
    public void EveryDependencyBecomesANodeOfTheGraph()
    {
        var graph = Graph(("auth-service", ["postgresql", "redis"]));

        Assert.Equal(["auth-service", "postgresql", "redis"], graph.DependsOn.Keys);
        Assert.Empty(graph.DependsOn["redis"]);
    }

    [Fact]
    public void ACycleIsRefusedNamingItInWaitOrder()
    {
        var graph = Graph(("a", ["b"]), ("b", ["c"]), ("c", ["a"]), ("d", []), ("e", ["d"]));

        var error = Assert.Throws<InvalidOperationException>(graph.Phases);

        Assert.Contains("cycle: a → b → c → a.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AComponentThatOnlyWaitsOnACycleIsNotNamedAsPartOfIt()
    {
        var graph = Graph(("x", ["a"]), ("a", ["b"]), ("b", ["c"]), ("c", ["a"]));

        var error = Assert.Throws<InvalidOperationException>(graph.Phases);

        Assert.Contains("cycle: a → b → c → a.", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("x", error.Message.Split(':')[^1], StringComparison.Ordinal);
    }

    [Fact]
    public void AComponentWaitingForNothingStartsInTheFirstPhase()
    {
        var graph = Graph(("prometheus", []), ("auth-service", ["postgresql"]));

        var phases = graph.Phases();

        Assert.Equal(["postgresql", "prometheus"], phases[0]);
        Assert.Equal(["auth-service"], phases[1]);
    }

    [Fact]
    public void EdgesForTheSameComponentAreMerged()
    {
        var graph = Graph(("auth-service", ["postgresql"]), ("auth-service", ["redis"]));

        Assert.Equal(["postgresql", "redis"], graph.DependsOn["auth-service"]);
        Assert.Equal([["postgresql", "redis"], ["auth-service"]], graph.Phases());
    }

    private static DependencyGraph Graph(params (string Component, string[] WaitsFor)[] edges) =>
        DependencyGraph.FromEdges(edges.Select(edge => new KeyValuePair<string, IEnumerable<string>>(edge.Component, edge.WaitsFor)));
}
