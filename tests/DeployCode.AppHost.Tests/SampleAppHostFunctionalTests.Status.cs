using System.Text.Json;
using Aspire.Hosting;
using DeployCode.Orchestrator.Model;

namespace DeployCode.AppHost.Tests;

// What an operator sees of the sample: the orchestrator's links and readable properties, its status page, its registry.
public sealed partial class SampleAppHostFunctionalTests
{
    [Fact]
    public void TheOrchestratorShowsItsLinksItsStartAndReadableProperties()
    {
        Assert.True(sample.App.ResourceNotifications.TryGetCurrentState("deploy-code", out var orchestrator));
        var snapshot = orchestrator.Snapshot;

        Assert.Equal(["Status page", "Metrics", "Registry (JSON)"], snapshot.Urls.Select(url => url.DisplayProperties.DisplayName));
        Assert.All(snapshot.Urls, url => Assert.False(url.IsInternal || url.IsInactive, $"{url.Name} is not shown in the resources' grid"));
        Assert.EndsWith("/", snapshot.Urls[0].Url, StringComparison.Ordinal);
        Assert.NotNull(snapshot.StartTimeStamp);
        var plan = snapshot.Properties.Single(property => property.Name == OrchestratorProperties.Plan);
        Assert.Equal(("Plan (phases)", true), (plan.DisplayName, plan.IsHighlighted));
        Assert.Equal("1: catalog → 2: orders → 3: reports", plan.Value?.ToString());
    }

    [Fact]
    public async Task ItsStatusPageAndRegistryShowEveryComponentItsWaitsAndTheDeployment()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        Assert.True(sample.App.ResourceNotifications.TryGetCurrentState("deploy-code", out var orchestrator));
        var status = new Uri(orchestrator.Snapshot.Urls.Single(url => url.Name == "status").Url);
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };

        var page = await client.GetStringAsync(status, cancellationToken);
        using var registry = JsonDocument.Parse(await client.GetStringAsync(new Uri(status, "/registry"), cancellationToken));

        foreach (var component in new[] { "catalog", "orders", "reports" })
        {
            Assert.Contains($"<tr data-component=\"{component}\">", page, StringComparison.Ordinal);
            Assert.Contains($"data-component=\"{component}\" data-state=", page, StringComparison.Ordinal);
        }

        Assert.Contains("data-from=\"catalog\" data-to=\"orders\"", page, StringComparison.Ordinal);
        Assert.Contains("<strong>reports</strong> is held: reports needs 512 CPU", page, StringComparison.Ordinal);
        Assert.Equal("Shop", registry.RootElement.GetProperty("platform").GetString());
        var orders = registry.RootElement.GetProperty("services").EnumerateArray().Single(service => service.GetProperty("name").GetString() == "orders");
        Assert.Equal(["catalog"], orders.GetProperty("dependsOn").EnumerateArray().Select(name => name.GetString()));
        Assert.Contains(registry.RootElement.GetProperty("events").EnumerateArray(), recorded => recorded.GetProperty("kind").GetString() == "deployed");
    }
}
