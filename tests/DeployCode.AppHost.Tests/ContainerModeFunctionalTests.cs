using System.Text.Json;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using DeployCode.Orchestrator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using DeployCode.Orchestrator.Model;

namespace DeployCode.AppHost.Tests;

/// <summary>
/// Container mode for real: DCP runs PostgreSQL, Redis and Prometheus on the machine's Docker engine from the
/// images built here, the services as processes beside them; Grafana's and Jaeger's images cannot be had.
/// </summary>
[Collection(PlatformTestGroup.Name)]
public sealed class ContainerModeFunctionalTests(ContainerModePlatformFixture platform) : IClassFixture<ContainerModePlatformFixture>
{
    private static readonly TimeSpan s_waitLimit = TimeSpan.FromSeconds(90);

    private static readonly string[] s_unavailableImages = ["grafana", "jaeger"];

    private DistributedApplicationModel Model => platform.App.Services.GetRequiredService<DistributedApplicationModel>();

    [Fact]
    public void EverythingWithAnImageIsHealthyAndTheDeploymentRunsWithTheTwoItCannotStart()
    {
        Assert.Equal("Running, 2 failed", platform.Deployed.Snapshot.State?.Text);
        foreach (var resource in PlatformLauncher.StartedHere(Model).Where(resource => !s_unavailableImages.Contains(resource.Name)))
        {
            var healthy = platform.Events.First(resource.Name, change => change.Health == HealthStatus.Healthy);
            Assert.True(healthy is not null, $"{resource.Name} never became healthy:{Environment.NewLine}{platform.Events.Tail(resource.Name)}");
        }

        Assert.True(Model.Resources.OfType<ContainerResource>().Count(resource => !s_unavailableImages.Contains(resource.Name)) == 4, "postgresql, redis, prometheus and alertmanager run as containers");
    }

    [Theory]
    [InlineData("grafana", ContainerModePlatformFixture.UnreachableRegistry + "/grafana/grafana:12.1.1")]
    [InlineData("jaeger", ContainerModePlatformFixture.UnreachableRegistry + "/jaegertracing/jaeger:2.10.0")]
    public void AComponentWhoseImageCannotBePulledIsNamedWithItsCauseAndTheFix(string name, string image)
    {
        Assert.True(platform.App.ResourceNotifications.TryGetCurrentState(name, out var current));
        var cause = current.Snapshot.Properties.Single(property => property.Name == OrchestratorProperties.FailureReason).Value?.ToString();

        Assert.StartsWith($"image {image} could not be pulled (", cause, StringComparison.Ordinal);
        Assert.Contains("set DeployCode:Images:Registry to a mirror", cause, StringComparison.Ordinal);
        Assert.Contains($"DeployCode:Services:{name}:Image", cause, StringComparison.Ordinal);
        var failed = platform.Deployed.Snapshot.Properties.Single(property => property.Name == OrchestratorProperties.Failed).Value?.ToString();
        Assert.Contains($"{name}: {cause}", failed, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PrometheusInItsContainerScrapesEveryServiceAndTheOrchestrator()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var expected = Model.Resources.OfType<ProjectResource>().Select(resource => resource.Name).Append("deploy-code").Append("prometheus").Order(StringComparer.Ordinal).ToArray();
        // Under the test host DCP publishes container ports on random host ports.
        var prometheus = platform.App.GetEndpoint("prometheus", "http");
        using var client = new HttpClient();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(s_waitLimit);

        Dictionary<string, (string Health, string Error)> targets = [];
        try
        {
            while (true)
            {
                using var answer = JsonDocument.Parse(await client.GetStringAsync(new Uri(prometheus, "/api/v1/targets?state=active"), deadline.Token));
                targets = answer.RootElement.GetProperty("data").GetProperty("activeTargets").EnumerateArray().ToDictionary(
                    target => target.GetProperty("labels").GetProperty("job").GetString()!,
                    target => (target.GetProperty("health").GetString()!, target.GetProperty("lastError").GetString() ?? string.Empty));
                if (expected.All(job => targets.GetValueOrDefault(job).Health == "up"))
                {
                    break;
                }

                await Task.Delay(500, deadline.Token);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
        }

        Assert.True(expected.All(job => targets.GetValueOrDefault(job).Health == "up"),
            $"targets not up within {s_waitLimit.TotalSeconds} s: {string.Join("; ", targets.Select(target => $"{target.Key} {target.Value.Health} {target.Value.Error}"))}");
        Assert.Equal(expected, targets.Keys.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("postgresql")]
    [InlineData("redis")]
    [InlineData("prometheus")]
    public async Task EachContainerRunsWithinItsBudget(string name)
    {
        var orchestrator = Model.Resources.OfType<OrchestratorResource>().Single();
        var budget = orchestrator.Allocation!.Components.Single(component => component.Name == name).Budget;

        var limits = await ContainerEngine.DockerAsync(TestContext.Current.CancellationToken, "inspect", "--format", "{{.HostConfig.NanoCpus}} {{.HostConfig.Memory}}", ContainerId(name));

        Assert.Equal($"{(long)Math.Round(budget.Cpu * 1e9)} {budget.MemoryMb * 1024L * 1024L}", limits);
    }

    [Fact]
    public async Task ContainersReachTheHostAsHostDockerInternal()
    {
        var hosts = await ContainerEngine.DockerAsync(TestContext.Current.CancellationToken, "inspect", "--format", "{{json .HostConfig.ExtraHosts}}", ContainerId("prometheus"));
        var address = Model.Resources.OfType<OrchestratorResource>().Single().Runtime.HostAddress;

        Assert.NotNull(address);
        Assert.Contains($"host.docker.internal:{address}", hosts, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PrometheusInItsContainerSendsToAlertmanagerByItsNameOnTheContainersNetwork()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        using var client = new HttpClient();
        using var listed = JsonDocument.Parse(await client.GetStringAsync(new Uri(platform.App.GetEndpoint("prometheus", "http"), "/api/v1/alertmanagers"), cancellationToken));
        var active = listed.RootElement.GetProperty("data").GetProperty("activeAlertmanagers").EnumerateArray().Select(manager => manager.GetProperty("url").GetString());

        Assert.Equal(["http://alertmanager:9093/api/v2/alerts"], active);
        // From inside Prometheus's container, as its notifications go.
        Assert.Equal("OK", await ContainerEngine.DockerAsync(cancellationToken, "exec", ContainerId("prometheus"), "wget", "-qO-", "http://alertmanager:9093/-/healthy"));
    }

    [Fact]
    public async Task CircleOfExpertsIsHandedTheGpuTheMachineReports()
    {
        var orchestrator = Model.Resources.OfType<OrchestratorResource>().Single();
        var experts = Model.Resources.Single(resource => resource.Name == "circle-of-experts");
        var arguments = new List<object>();
        foreach (var callback in experts.Annotations.OfType<ContainerRuntimeArgsCallbackAnnotation>())
        {
            await callback.Callback(new ContainerRuntimeArgsCallbackContext(arguments, TestContext.Current.CancellationToken));
        }

        // It runs as a .NET process here (DCP runs projects as processes), so the arguments reach its container
        // in the published artifacts; the GPU itself cannot be used on this machine.
        Assert.Equal(1, orchestrator.HostGpus);
        Assert.Equal("docker", orchestrator.Runtime.Engine);
        Assert.Equal(["--gpus", "all"], arguments.Select(argument => argument.ToString()));
    }

    // DCP shows the engine's id of a running container in the resource's properties.
    private string ContainerId(string name)
    {
        Assert.True(platform.App.ResourceNotifications.TryGetCurrentState(name, out var current), $"{name} is not known");
        return current.Snapshot.Properties.FirstOrDefault(property => property.Name == "container.id")?.Value?.ToString()
            ?? throw new Xunit.Sdk.XunitException($"{name} shows no container id: {string.Join(", ", current.Snapshot.Properties.Select(property => property.Name))}");
    }
}
