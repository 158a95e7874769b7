using Aspire.Hosting.ApplicationModel;
using DeployCode.Orchestrator.Planning;

namespace DeployCode.AppHost.Tests;

/// <summary>
/// DeployCode.Orchestrator as a library any AppHost can use: its folders, outermost first, each using only those
/// inside it; nothing at its root; and no name of the CODE platform's components in it.
/// </summary>
public sealed class LibraryLayoutTests
{
    // Outermost first: the README's architecture lists them in this order.
    private static readonly string[] s_layers =
    [
        "Hosting", "Deployment", "Publishing", "Recovery", "Monitoring", "Health", "Telemetry", "Gating",
        "Model", "Resources", "Planning", "Networking", "Runtime", "Configuration",
    ];

    // Infrastructure whose binaries, packages and images carry the same name as its resource; the library may name those.
    private static readonly string[] s_infrastructureProducts = ["postgresql", "redis", "prometheus", "alertmanager", "grafana", "jaeger"];

    [Fact]
    public void EveryFolderIsPlacedAndUsesOnlyTheFoldersInsideIt()
    {
        var sources = OrchestratorSources.Instance;
        var folders = sources.Files.Select(sources.FolderOf).Distinct().Order(StringComparer.Ordinal).ToArray();

        Assert.Equal(s_layers.Order(StringComparer.Ordinal), folders);
        var outward = sources.Uses
            .SelectMany(from => from.Value.Select(to => (From: from.Key, To: to.Key, Names: to.Value)))
            .Where(use => Array.IndexOf(s_layers, use.From) >= Array.IndexOf(s_layers, use.To))
            .Select(use => $"{use.From} uses {use.To} ({string.Join(", ", use.Names)})")
            .ToArray();
        Assert.True(outward.Length == 0, $"Folders that use one outside them:\n{string.Join('\n', outward)}");
    }

    [Fact]
    public async Task TheArchitectureDocShowsWhichFolderUsesWhich()
    {
        var uses = OrchestratorSources.Instance.Uses;
        var table = new System.Text.StringBuilder("| folder | uses |\n|---|---|\n");
        foreach (var folder in s_layers)
        {
            var used = s_layers.Where(inner => uses.GetValueOrDefault(folder)?.ContainsKey(inner) == true).Select(inner => $"`{inner}`").ToArray();
            table.Append(System.Globalization.CultureInfo.InvariantCulture, $"| `{folder}/` | {(used.Length == 0 ? "nothing of the library" : string.Join(", ", used))} |\n");
        }

        await GeneratedSection.AssertReadsAsync("docs/architecture.md", "imports", table.ToString());
    }

    [Fact]
    public void TheFoldersUseEachOtherAsTheReadmeSays()
    {
        var uses = OrchestratorSources.Instance.Uses;

        // Hosting is the public API over everything; the engine uses the managers; the model only what it holds.
        Assert.Contains("Deployment", uses["Hosting"].Keys);
        Assert.Contains("Model", uses["Deployment"].Keys);
        Assert.Empty(uses["Configuration"]);
    }

    [Fact]
    public async Task NeitherTheCodePlatformNorAnyOfItsComponentsIsNamedInTheLibrary()
    {
        await using var builder = await AppHostModel.CreateAsync("DeployCode:Runtime=container");
        var platform = builder.Resources.OfType<OrchestratorResource>().Single().Platform;
        var names = builder.Resources.Where(resource => PlatformComponents.IsComponent(resource) || resource is IResourceWithParent)
            .Select(resource => resource.Name)
            .Except(s_infrastructureProducts, StringComparer.Ordinal)
            .Append(platform.Display).Append(platform.Slug)
            .ToArray();
        var sources = OrchestratorSources.Instance;

        var named = sources.Files.SelectMany(path => File.ReadLines(path).Select((line, index) => (path, line, index)))
            .SelectMany(entry => names.Where(name => ContainsName(entry.line, name))
                .Select(name => $"{Path.GetRelativePath(sources.Folder, entry.path)}:{entry.index + 1} names {name}"))
            .ToArray();

        Assert.NotEmpty(names);
        Assert.True(named.Length == 0, string.Join('\n', named));
    }

    [Fact]
    public void TheLibraryRootHoldsNoSourceFile()
    {
        var sources = OrchestratorSources.Instance;

        Assert.DoesNotContain(OrchestratorSources.RootFolder, sources.Files.Select(sources.FolderOf));
    }

    // A resource name as a word of its own: not part of a longer kebab-case name.
    private static bool ContainsName(string line, string name)
    {
        for (var at = line.IndexOf(name, StringComparison.OrdinalIgnoreCase); at >= 0; at = line.IndexOf(name, at + 1, StringComparison.OrdinalIgnoreCase))
        {
            var before = at == 0 ? ' ' : line[at - 1];
            var after = at + name.Length >= line.Length ? ' ' : line[at + name.Length];
            if (!IsNamePart(before) && !IsNamePart(after))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsNamePart(char character) => char.IsAsciiLetterOrDigit(character) || character == '-';
}
