using DeployCode.Orchestrator.Configuration;
using DeployCode.Orchestrator.Planning;
using Microsoft.Extensions.Configuration;

namespace DeployCode.Orchestrator.Tests;

public sealed class ConfigurationValidatorTests
{
    private static readonly Dictionary<string, int> s_ports = new()
    {
        ["postgresql"] = 5432, ["redis"] = 6379, ["auth-service"] = 8000, ["api-gateway"] = 8088,
    };

    [Fact]
    public void TheShippedConfigurationOfThePlatformIsValid()
    {
        Assert.Empty(ConfigurationValidator.Validate(Settings(), Platform(), s_ports));
    }

    [Fact]
    public void AnUnknownServiceIsNamedWithTheComponentsThatExist()
    {
        var problem = Assert.Single(ConfigurationValidator.Validate(Settings(("Services:circle-of-expert:Cpu", "4")), Platform(), s_ports));

        Assert.Equal("DeployCode:Services:circle-of-expert", problem.Path);
        Assert.Contains("auth-service", problem.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public void AProfileNamingAResourceTheAppHostDoesNotHaveIsAProblemInEveryProfile()
    {
        var settings = Settings(("Profiles:local:auth:Cpu", "0.1"), ("Profiles:production:auth-service:Cpu", "1"), ("Profiles:production:gateway:Cpu", "1"));

        var problems = ConfigurationValidator.Validate(settings, Platform(), s_ports);

        Assert.Equal(["DeployCode:Profiles:local:auth", "DeployCode:Profiles:production:gateway"], problems.Select(problem => problem.Path));
        Assert.All(problems, problem => Assert.Contains("auth-service", problem.Fix, StringComparison.Ordinal));
    }

    [Fact]
    public void TwoComponentsOnOnePortAreBothReported()
    {
        var ports = new Dictionary<string, int>(s_ports) { ["api-gateway"] = 8000 };

        var problems = ConfigurationValidator.Validate(Settings(), Platform(), ports);

        Assert.Equal(["DeployCode:Services:api-gateway:Port", "DeployCode:Services:auth-service:Port"], problems.Select(problem => problem.Path).Order(StringComparer.Ordinal));
        Assert.All(problems, problem => Assert.Contains("port 8000", problem.Problem, StringComparison.Ordinal));
    }

    [Fact]
    public void ADependencyOnSomethingAbsentIsReported()
    {
        var graph = Graph(("auth-service", ["postgresql", "vault"]), ("postgresql", []));

        var problem = Assert.Single(ConfigurationValidator.Validate(Settings(), graph, new Dictionary<string, int>()));

        Assert.Equal("DeployCode:Services:auth-service", problem.Path);
        Assert.Contains("'vault'", problem.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void ACycleIsReportedInWaitOrder()
    {
        var graph = Graph(("a", ["b"]), ("b", ["c"]), ("c", ["a"]));

        var problem = Assert.Single(ConfigurationValidator.Validate(Settings(), graph, new Dictionary<string, int>()));

        Assert.Contains("a → b → c → a", problem.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void ValueProblemsAndModelProblemsComeTogether()
    {
        var settings = Settings(("Services:redis:Cpu", "-2"), ("Services:nope:Cpu", "1"));
        var ports = new Dictionary<string, int>(s_ports) { ["api-gateway"] = 6379 };

        var problems = ConfigurationValidator.Validate(settings, Platform(), ports);

        Assert.Equal(4, problems.Count);
    }

    private static DependencyGraph Platform() => Graph(
        ("postgresql", []), ("redis", []), ("auth-service", ["postgresql", "redis"]), ("api-gateway", ["auth-service"]));

    private static DependencyGraph Graph(params (string Component, string[] DependsOn)[] edges) =>
        DependencyGraph.FromEdges(edges.Select(edge => new KeyValuePair<string, IEnumerable<string>>(edge.Component, edge.DependsOn)));

    private static DeployCodeSettings Settings(params (string Key, string Value)[] values) =>
        DeployCodeSettings.Read(new ConfigurationBuilder()
            .AddInMemoryCollection(values.Select(value => new KeyValuePair<string, string?>($"DeployCode:{value.Key}", value.Value)))
            .Build()
            .GetSection("DeployCode"));
}
