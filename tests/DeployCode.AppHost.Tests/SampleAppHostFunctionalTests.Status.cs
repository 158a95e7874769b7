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
        // The latest events of the deployment and the supervisor: the first deployment's, or what the class's other tests did since.
        Assert.NotEmpty(registry.RootElement.GetProperty("events").EnumerateArray());
        Assert.All(registry.RootElement.GetProperty("events").EnumerateArray(), recorded => Assert.Matches("^(deployment|recovery)$", recorded.GetProperty("source").GetString()));
    }

    [Fact]
    public async Task DeployCodeStatusListsThePlatformFromItsStateFolder()
    {
        var (exitCode, output, errors) = await StatusAsync("--state", sample.StateDirectory);

        // Use is measured, and the circuit set, a moment after the deployment: either may not be shown yet. The other
        // tests of the class may have killed the catalog before this one: its restarts and circuit are what they left.
        Assert.True(exitCode == 0, errors);
        var lines = output.Split('\n');
        Assert.StartsWith("Shop: Running, 1 held  (http://127.0.0.1:", lines[0], StringComparison.Ordinal);
        Assert.True(System.Text.RegularExpressions.Regex.IsMatch(output, @"^catalog +1 +Running +Healthy +\d+ +(Closed|HalfOpen|Open|-) +(-|[\d.]+)/0\.2 +(-|\d+)/192 +-$", System.Text.RegularExpressions.RegexOptions.Multiline), output);
        Assert.True(System.Text.RegularExpressions.Regex.IsMatch(output, @"^orders +2 +Running +Healthy .* catalog$", System.Text.RegularExpressions.RegexOptions.Multiline), output);
        Assert.Contains("reports is held: reports needs 512 CPU", output, StringComparison.Ordinal);
        // The latest events, whichever the class's other tests left last.
        Assert.Contains("Latest events:", output, StringComparison.Ordinal);
        Assert.True(System.Text.RegularExpressions.Regex.IsMatch(output, @"^  \d\d:\d\d:\d\d  (deployment|recovery) [a-z-]+", System.Text.RegularExpressions.RegexOptions.Multiline), output);
    }

    [Fact]
    public async Task DeployCodeStatusSaysWhenNoPlatformRunsAndExitsNonZero()
    {
        using var state = new StateFolder();
        var gone = $"http://127.0.0.1:{FreePort()}/";
        Directory.CreateDirectory(Path.Combine(state.Path, "deploy-code"));
        await File.WriteAllTextAsync(Path.Combine(state.Path, "deploy-code", "telemetry-address"), gone, TestContext.Current.CancellationToken);

        var (exitCode, output, errors) = await StatusAsync("--state", state.Path);

        Assert.Equal(1, exitCode);
        Assert.Empty(output);
        Assert.StartsWith($"No platform is running: nothing answers at {gone}registry (as {state.Path}/deploy-code/telemetry-address says;", errors, StringComparison.Ordinal);
    }

    // As ./deploy-code status runs it: the tool's own program, beside the tests' (a project reference builds it).
    private static Task<(int ExitCode, string Output, string Errors)> StatusAsync(params string[] arguments) =>
        CommandLine.RunAsync("dotnet", null, TimeSpan.FromSeconds(30), [Path.Combine(AppContext.BaseDirectory, "DeployCode.Status.dll"), .. arguments]);

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
