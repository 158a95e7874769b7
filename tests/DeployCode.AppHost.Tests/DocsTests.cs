using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using DeployCode.Orchestrator.Configuration;
using Aspire.Hosting.ApplicationModel;
using DeployCode.Orchestrator.Planning;

namespace DeployCode.AppHost.Tests;

/// <summary>The docs in the repository exist where the code cites them, and their component table is the model's.</summary>
public sealed partial class DocsTests
{

    // Where the project's code lives; the tests' own sample paths (docs/a.md in a fake repository) are not citations.
    private static readonly string[] s_sourceFolders = ["DeployCode.Orchestrator", "DeployCode.AppHost", "DeployCode.ServiceDefaults", "services", "bench"];

    [Fact]
    public async Task TheComponentTableShowsThePlanPortsAndBudgetsOfTheModel()
    {
        await using var builder = await AppHostModel.CreateAsync("DeployCode:Runtime=container");
        var plan = DeploymentPlan.For(DependencyGraph.FromModel(builder.Resources));
        var (local, production) = (await AppHostProfiles.GetAsync(BudgetProfiles.Local), await AppHostProfiles.GetAsync(BudgetProfiles.Production));
        var table = new StringBuilder()
            .Append("| component | phase | port (published) | waits for | local: cpu / MiB / GiB / gpu | production: cpu / MiB / GiB / gpu | critical | replicas (production) |\n")
            .Append("|---|---|---|---|---|---|---|---|\n");
        for (var phase = 0; phase < plan.Phases.Count; phase++)
        {
            foreach (var component in plan.Phases[phase])
            {
                var ports = builder.Get(component).Annotations.OfType<PlatformPortAnnotation>().LastOrDefault();
                var port = ports is null ? "–" : $"{ports.PlatformPort} ({string.Join(", ", ports.PublishedPorts)})";
                var waits = plan.Graph.DependsOn[component] is { Count: > 0 } dependencies ? string.Join(", ", dependencies) : "–";
                table.Append(CultureInfo.InvariantCulture,
                    $"| {component} | {phase + 1} | {port} | {waits} | {Budget(local, component)} | {Budget(production, component)} | {(production.GetValueOrDefault(component)?.Critical == true ? "yes" : "no")} | {production.GetValueOrDefault(component)?.Replicas.ToString(CultureInfo.InvariantCulture) ?? "–"} |\n");
            }
        }

        await GeneratedSection.AssertReadsAsync("docs/platform.md", "components", table.ToString());
    }

    [Fact]
    public void EveryDocTheCodeCitesIsInTheRepository()
    {
        var root = RepositoryFolder.Root;
        var sources = s_sourceFolders
            .SelectMany(folder => Directory.EnumerateFiles(Path.Combine(root, folder), "*.cs", SearchOption.AllDirectories))
            .Append(Path.Combine(root, "README.md"))
            .Where(file => !file.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal));
        var cited = sources
            .SelectMany(file => CitedDoc().Matches(File.ReadAllText(file)).Select(match => (File: Path.GetRelativePath(root, file), Doc: match.Groups[1].Value)))
            .ToList();

        Assert.NotEmpty(cited);
        Assert.All(cited, citation => Assert.True(File.Exists(Path.Combine(root, citation.Doc)), $"{citation.File} cites {citation.Doc}, which is not in the repository"));
    }

    private static string Budget(IReadOnlyDictionary<string, ServiceBudget> profile, string component) =>
        profile.GetValueOrDefault(component) is { } budget
            ? string.Create(CultureInfo.InvariantCulture, $"{budget.Cpu:0.##} / {budget.MemoryMb} / {budget.StorageGb:0.##} / {budget.Gpu}")
            : "–";

    // docs/<name>.md as the code and README cite it.
    [GeneratedRegex(@"\b(docs/[A-Za-z0-9_-]+\.md)\b")]
    private static partial Regex CitedDoc();
}
