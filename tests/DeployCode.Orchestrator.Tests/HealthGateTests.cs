using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using DeployCode.Orchestrator.Configuration;
using DeployCode.Orchestrator.Gating;

namespace DeployCode.Orchestrator.Tests;

public sealed class HealthGateTests
{
    [Fact]
    public void AResourceWaitingForHealthOrAStartIsGated()
    {
        var dependent = Resource("auth-service",
            new WaitAnnotation(new ContainerResource("postgresql"), WaitType.WaitUntilHealthy),
            new WaitAnnotation(new ContainerResource("redis"), WaitType.WaitUntilStarted));

        Assert.True(HealthGate.IsGateable(dependent, out var waits));
        Assert.Equal(["postgresql", "redis"], waits.Select(wait => wait.Resource.Name));
    }

    [Fact]
    public void AWaitForAJobToCompleteIsLeftToAspire()
    {
        var dependent = Resource("auth-service",
            new WaitAnnotation(new ContainerResource("postgresql"), WaitType.WaitUntilHealthy),
            new WaitAnnotation(new ExecutableResource("migrate", "migrate", "."), WaitType.WaitForCompletion));

        Assert.False(HealthGate.IsGateable(dependent, out _));
    }

    [Fact]
    public void AResourceThatWaitsForNothingIsNotGated()
    {
        Assert.False(HealthGate.IsGateable(Resource("b"), out _));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("fast")]
    [InlineData("20000")]
    public void AnUnusableProbeIntervalIsRefusedNamingTheSetting(string value)
    {
        var builder = DistributedApplication.CreateBuilder([$"DeployCode:Gating:ProbeIntervalMilliseconds={value}"]);

        var error = Assert.Throws<DeployCodeConfigurationException>(() => builder.AddDeployCodeHealthGating());

        var problem = Assert.Single(error.Problems);
        Assert.Equal("DeployCode:Gating:ProbeIntervalMilliseconds", problem.Path);
        Assert.Contains($"'{value}'", problem.Problem, StringComparison.Ordinal);
        Assert.Contains("from 1 to 10000", problem.Fix, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("50")]
    [InlineData("2s")]
    [InlineData("600000")]
    public void AnUnusableProbeTimeoutIsRefusedNamingTheSetting(string value)
    {
        var builder = DistributedApplication.CreateBuilder([$"DeployCode:Health:ProbeTimeoutMilliseconds={value}"]);

        var error = Assert.Throws<DeployCodeConfigurationException>(() => builder.AddDeployCodeHealthGating());

        var problem = Assert.Single(error.Problems);
        Assert.Equal("DeployCode:Health:ProbeTimeoutMilliseconds", problem.Path);
        Assert.Equal($"'{value}' is not a whole number from 100 to 60000", problem.Problem);
        Assert.Equal("give a whole number from 100 to 60000 milliseconds (default 2000)", problem.Fix);
    }

    [Fact]
    public void TheGateCanBeTurnedOff()
    {
        var builder = DistributedApplication.CreateBuilder(["DeployCode:Gating:Enabled=false"]);

        builder.AddDeployCodeHealthGating();

        Assert.DoesNotContain(builder.Services, service => service.ServiceType == typeof(HealthGate));
    }

    [Fact]
    public void AddingTheGateTwiceRegistersItOnce()
    {
        var builder = DistributedApplication.CreateBuilder([]);

        builder.AddDeployCodeHealthGating().AddDeployCodeHealthGating();

        Assert.Single(builder.Services, service => service.ServiceType == typeof(HealthGate));
    }

    private static ExecutableResource Resource(string name, params WaitAnnotation[] waits)
    {
        var resource = new ExecutableResource(name, "true", ".");
        foreach (var wait in waits)
        {
            resource.Annotations.Add(wait);
        }

        return resource;
    }
}
