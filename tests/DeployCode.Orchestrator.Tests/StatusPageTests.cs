using System.Xml.Linq;
using Aspire.Hosting.ApplicationModel;
using DeployCode.Orchestrator.Resources;
using DeployCode.Orchestrator.Telemetry;
using DeployCode.Orchestrator.Telemetry.Status;

namespace DeployCode.Orchestrator.Tests;

/// <summary>The status page an operator opens from the dashboard, rendered from the registry /registry serves.</summary>
public sealed class StatusPageTests
{
    private static readonly DateTimeOffset s_now = new(2026, 12, 2, 16, 0, 0, TimeSpan.Zero);

    [Fact]
    public void ThePlanIsDrawnWithANodePerComponentInItsPhaseAndAnArrowPerWait()
    {
        var svg = Graph(Sample());

        var nodes = svg.Descendants(Svg("g")).Where(element => Classes(element).Contains("node")).ToArray();
        Assert.Equal(["cache", "mailer", "shop", "reports"], nodes.Select(node => (string?)node.Attribute("data-component")));
        var edges = svg.Descendants(Svg("path")).Where(element => Classes(element).Contains("edge"))
            .Select(edge => $"{edge.Attribute("data-from")?.Value}→{edge.Attribute("data-to")?.Value}").Order(StringComparer.Ordinal);
        Assert.Equal(["cache→mailer", "cache→shop", "shop→reports"], edges);
        // Phases as columns: later phases further right.
        Assert.Equal(["phase 1", "phase 2", "phase 3"], svg.Descendants(Svg("text")).Where(text => Classes(text).Contains("phase")).Select(text => text.Value));
        Assert.True(X(nodes[0]) < X(nodes[1]) && X(nodes[1]) == X(nodes[2]) && X(nodes[2]) < X(nodes[3]));
    }

    [Fact]
    public void EachConditionReadsWithoutColourInTheGraph()
    {
        var svg = Graph(Sample());

        var states = svg.Descendants(Svg("g")).ToDictionary(node => node.Attribute("data-component")!.Value, node => node.Elements(Svg("text")).Last().Value);
        Assert.Equal("✓ Running, Healthy", states["cache"]);
        Assert.Equal("! Running, Unhealthy", states["shop"]);
        Assert.Equal("‖ Held", states["reports"]);
        Assert.Equal("✗ FailedToStart", states["mailer"]);
        Assert.Equal(ComponentLook.Legend.Count, ComponentLook.Legend.Select(look => look.Symbol).Distinct().Count());
    }

    [Fact]
    public void EveryComponentShowsItsStateHealthRestartsCircuitAndBudgetAgainstUse()
    {
        var page = StatusPage.Render(Sample(), s_now);

        var shop = Row(page, "shop");
        Assert.Contains("<td>2</td>", shop, StringComparison.Ordinal);
        Assert.Contains("<td>Open</td>", shop, StringComparison.Ordinal);
        Assert.Contains("aria-label=\"CPU: 0.75 of 0.5 cores used (150 %, over budget)\"", shop, StringComparison.Ordinal);
        Assert.Contains("aria-label=\"Memory: 128 of 256 MiB used (50 %)\"", shop, StringComparison.Ordinal);
        Assert.Contains("<td>cache</td>", shop, StringComparison.Ordinal);
        Assert.Contains("512 cores allocated, use not measured", Row(page, "reports"), StringComparison.Ordinal);
        Assert.Contains("Deployment: <strong id=\"deployment-state\">Running, 1 held, 1 failed</strong>", page, StringComparison.Ordinal);
    }

    [Fact]
    public void HeldAndFailedComponentsAreListedWithTheirReasons()
    {
        var page = StatusPage.Render(Sample(), s_now);

        Assert.Contains("<strong>reports</strong> is held: reports needs 512 CPU, 1.5 free", page, StringComparison.Ordinal);
        Assert.Contains("<strong>mailer</strong> is failed: exited with code 1 before it was healthy", page, StringComparison.Ordinal);
    }

    [Fact]
    public void TheLatestEventsComeFirstWithTheirTimesAndTheirTextEscaped()
    {
        var page = StatusPage.Render(Sample(), s_now);

        var rolledBack = page.IndexOf("rolled-back (succeeded)", StringComparison.Ordinal);
        var deployed = page.IndexOf("deployed (succeeded)", StringComparison.Ordinal);
        Assert.True(rolledBack > 0 && deployed > rolledBack, "newest first");
        Assert.Contains("<time datetime=\"2026-12-02T15:58:00.0000000+00:00\">15:58:00</time>", page, StringComparison.Ordinal);
        Assert.Contains("restored &lt;known-good&gt;", page, StringComparison.Ordinal);
        Assert.DoesNotContain("<known-good>", page, StringComparison.Ordinal);
    }

    [Fact]
    public void ThePageLoadsNothingFromElsewhereAndItsContentCanBeFetchedAlone()
    {
        var page = StatusPage.Render(Sample(), s_now);
        var content = StatusPage.RenderMain(Sample(), s_now);

        Assert.DoesNotContain("src=", page, StringComparison.Ordinal);
        Assert.DoesNotContain("<link", page, StringComparison.Ordinal);
        Assert.DoesNotContain("http", page.Replace("http://www.w3.org/2000/svg", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Contains(content, page, StringComparison.Ordinal);
        Assert.StartsWith("<h1>Shop</h1>", content, StringComparison.Ordinal);
    }

    private static PlatformRegistry Sample()
    {
        var lifetime = new StoppedLifetime();
        var registry = new PlatformRegistry(TestNotifications.Create(lifetime), lifetime);
        IResource[] resources = [new ProjectResource("shop"), new ExecutableResource("cache", "redis-server", "."), new ProjectResource("reports"), new ProjectResource("mailer")];
        var dependsOn = new Dictionary<string, SortedSet<string>>(StringComparer.Ordinal)
        {
            ["cache"] = [],
            ["shop"] = ["cache"],
            ["mailer"] = ["cache"],
            ["reports"] = ["shop"],
        };
        registry.Register("Shop", resources, [["cache"], ["shop", "mailer"], ["reports"]], dependsOn);
        registry.Update("cache", entry => PlatformRegistry.Apply(entry, "Running", 10, Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Healthy, []) with
        {
            Allocation = new AllocationView(0.25, 128, 0, "Allocated", null),
            Usage = new UsageView(0.01, 20, s_now),
        });
        registry.Update("shop", entry => PlatformRegistry.Apply(entry, "Running", 11, Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Unhealthy, []) with
        {
            Restarts = 2,
            Circuit = "Open",
            Allocation = new AllocationView(0.5, 256, 0, "Allocated", null),
            Usage = new UsageView(0.75, 128, s_now),
        });
        registry.Update("reports", entry => entry with { State = "Held", Allocation = new AllocationView(512, 256, 0, "Held", "reports needs 512 CPU, 1.5 free") });
        registry.Update("mailer", entry => entry with { State = "FailedToStart", Failure = "exited with code 1 before it was healthy" });
        registry.Note(new RegistryEvent(s_now.AddMinutes(-2), RegistryEvent.Deployment, "deployed", null, "Shop running", true));
        registry.Note(new RegistryEvent(s_now.AddMinutes(-1), RegistryEvent.Deployment, "rolled-back", null, "restored <known-good>", true));
        registry.DeploymentState = "Running, 1 held, 1 failed";
        return registry;
    }

    private static XElement Graph(PlatformRegistry registry) => XElement.Parse(PlanGraph.Render(registry.Entries));

    private static XName Svg(string name) => XName.Get(name, "http://www.w3.org/2000/svg");

    private static string[] Classes(XElement element) => (element.Attribute("class")?.Value ?? "").Split(' ');

    private static int X(XElement node) => int.Parse(node.Attribute("transform")!.Value.Split('(', ',')[1], System.Globalization.CultureInfo.InvariantCulture);

    private static string Row(string page, string component)
    {
        var start = page.IndexOf($"<tr data-component=\"{component}\">", StringComparison.Ordinal);
        Assert.True(start >= 0, $"no row for {component}");
        return page[start..page.IndexOf("</tr>", start, StringComparison.Ordinal)];
    }
}
