using System.Text.Json;
using Aspire.Hosting.ApplicationModel;
using DeployCode.Orchestrator.Model;
using Microsoft.Extensions.DependencyInjection;

namespace DeployCode.AppHost.Tests;

// The CODE platform's status page in a real browser: what /registry holds is what an operator sees.
public sealed partial class ProcessModeFunctionalTests
{
    [Fact]
    public async Task TheStatusPageShowsEveryComponentItsStateAndBudgetAndDrawsEveryWait()
    {
        await WhenDeployedAsync();
        var cancellationToken = TestContext.Current.CancellationToken;
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        using var registry = JsonDocument.Parse(await client.GetStringAsync(new Uri(TelemetryAddress(), "/registry"), cancellationToken));

        using var shown = await StatusPageBrowser.OpenAsync("code-platform", new Uri(TelemetryAddress(), "/"));

        var page = shown.RootElement;
        var services = registry.RootElement.GetProperty("services").EnumerateArray().ToArray();
        var nodes = page.GetProperty("nodes").EnumerateArray().Select(node => node.GetProperty("component").GetString()).ToArray();
        var rows = page.GetProperty("rows").EnumerateArray().ToDictionary(row => row.GetProperty("component").GetString()!, row => row.GetProperty("cells").EnumerateArray().Select(cell => cell.GetString()!).ToArray());
        Assert.Equal(services.Select(service => service.GetProperty("name").GetString()).Order(), nodes.Order());
        foreach (var service in services)
        {
            var name = service.GetProperty("name").GetString()!;
            var cells = rows[name];
            Assert.EndsWith(service.GetProperty("state").GetString()!, cells[2], StringComparison.Ordinal);
            var allocation = service.GetProperty("allocation");
            Assert.Contains($"{allocation.GetProperty("memoryMb").GetInt32()} MiB", cells[7], StringComparison.Ordinal);
        }

        var waits = services.SelectMany(service => service.GetProperty("dependsOn").EnumerateArray().Select(dependency => $"{dependency.GetString()}→{service.GetProperty("name").GetString()}"));
        var edges = page.GetProperty("edges").EnumerateArray().Select(edge => $"{edge.GetProperty("from").GetString()}→{edge.GetProperty("to").GetString()}");
        Assert.Equal(waits.Order(StringComparer.Ordinal), edges.Order(StringComparer.Ordinal));
        Assert.Equal(registry.RootElement.GetProperty("deployment").GetString(), page.GetProperty("deployment").GetString());
        Assert.True(page.GetProperty("violations").GetArrayLength() == 0, $"axe-core: {page.GetProperty("violations")}");
        Assert.True(File.Exists(Path.Combine(StatusPageBrowser.Screenshots("code-platform"), "status-page.png")));
    }
}
