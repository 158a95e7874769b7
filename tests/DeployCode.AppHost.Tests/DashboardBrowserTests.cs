namespace DeployCode.AppHost.Tests;

/// <summary>
/// What an operator does after <c>dotnet run</c>: opens the dashboard's login link in a browser (Debian's chromium),
/// finds the status page's link on the deploy-code row, and follows it to every component, its state and its budget.
/// </summary>
[Collection(PlatformTestGroup.Name)]
public sealed class DashboardBrowserTests(SampleDashboardRun sample) : IClassFixture<SampleDashboardRun>
{
    [Fact]
    public async Task TheDeployCodeRowLinksAStatusPageThatShowsThePlatform()
    {
        using var shown = await StatusPageBrowser.FromDashboardAsync("sample-dashboard", sample.LoginUrl, "deploy-code");

        var page = shown.RootElement;
        Assert.StartsWith("http://127.0.0.1:", page.GetProperty("dashboardLink").GetString(), StringComparison.Ordinal);
        Assert.Equal("Running, 1 held", page.GetProperty("deployment").GetString());
        var rows = page.GetProperty("rows").EnumerateArray().ToDictionary(row => row.GetProperty("component").GetString()!, row => row.GetProperty("cells").EnumerateArray().Select(cell => cell.GetString()).ToArray());
        Assert.Equal(["catalog", "orders", "reports"], rows.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["catalog", "1", "✓ Running"], rows["catalog"][..3]);
        Assert.Equal("‖ Held", rows["reports"][2]);
        // Use is measured every few seconds; the budget is shown from the start.
        Assert.Contains("192 MiB", rows["orders"][7], StringComparison.Ordinal);
        Assert.Contains("0.2 cores", rows["orders"][6], StringComparison.Ordinal);
        Assert.Equal("512 cores allocated, use not measured", rows["reports"][6]);
        Assert.Equal(["catalog→orders", "orders→reports"], page.GetProperty("edges").EnumerateArray().Select(edge => $"{edge.GetProperty("from").GetString()}→{edge.GetProperty("to").GetString()}").Order(StringComparer.Ordinal));
        Assert.Equal(3, page.GetProperty("nodes").GetArrayLength());
        Assert.True(page.GetProperty("violations").GetArrayLength() == 0, $"axe-core: {page.GetProperty("violations")}");
        Assert.True(File.Exists(Path.Combine(StatusPageBrowser.Screenshots("sample-dashboard"), "dashboard.png")));
    }
}
