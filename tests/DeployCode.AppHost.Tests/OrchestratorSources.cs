using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace DeployCode.AppHost.Tests;

/// <summary>
/// The orchestrator library's sources, compiled here with Roslyn against the assemblies the tests run with, so that
/// every name in them is bound to the file that declares it: which folder uses which, found by the compiler.
/// </summary>
internal sealed class OrchestratorSources
{
    public const string RootFolder = "(root)";

    // What Microsoft.NET.Sdk's ImplicitUsings gives the project.
    private const string ImplicitUsings = """
        global using System;
        global using System.Collections.Generic;
        global using System.IO;
        global using System.Linq;
        global using System.Net.Http;
        global using System.Threading;
        global using System.Threading.Tasks;
        """;

    private static readonly Lazy<OrchestratorSources> s_instance = new(() => new OrchestratorSources());

    private OrchestratorSources()
    {
        Folder = Path.Combine(RepositoryFolder.Root, "DeployCode.Orchestrator");
        Files = [.. Directory.EnumerateFiles(Folder, "*.cs", SearchOption.AllDirectories)
            .Where(path => !IsBuildOutput(path))
            .Order(StringComparer.Ordinal)];
        // The contracts the library shares with a service, linked into its build from contracts/.
        var linked = Directory.EnumerateFiles(Path.Combine(RepositoryFolder.Root, "contracts"), "*.cs");
        var trees = Files.Concat(linked).Select(path => CSharpSyntaxTree.ParseText(File.ReadAllText(path), path: path)).Append(CSharpSyntaxTree.ParseText(ImplicitUsings)).ToArray();
        Compilation = CSharpCompilation.Create("DeployCode.Orchestrator", trees, References(), new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        Uses = FolderUses(Compilation, trees.Where(tree => tree.FilePath.StartsWith(Folder, StringComparison.Ordinal)));
    }

    public static OrchestratorSources Instance => s_instance.Value;

    /// <summary>The library's folder in the checkout.</summary>
    public string Folder { get; }

    /// <summary>The library compiled from its sources.</summary>
    public CSharpCompilation Compilation { get; }

    /// <summary>Every source file of the library (not its API baseline).</summary>
    public IReadOnlyList<string> Files { get; }

    /// <summary>For each folder, the other folders it uses, each with the names it uses from it.</summary>
    public IReadOnlyDictionary<string, SortedDictionary<string, SortedSet<string>>> Uses { get; }

    /// <summary>The top-level folder of a file of the library, or <see cref="RootFolder"/>.</summary>
    public string FolderOf(string path)
    {
        var relative = Path.GetRelativePath(Folder, path).Split(Path.DirectorySeparatorChar);
        return relative.Length > 1 ? relative[0] : RootFolder;
    }

    private bool IsBuildOutput(string path) =>
        Path.GetRelativePath(Folder, path).Split(Path.DirectorySeparatorChar).Any(part => part is "obj" or "bin" or "api");

    /// <summary>The errors of an AppHost's <paramref name="program"/> compiled against the built library, as its author would.</summary>
    public static IReadOnlyList<Diagnostic> ErrorsOfAppHost(string program)
    {
        var trees = new[] { CSharpSyntaxTree.ParseText(program), CSharpSyntaxTree.ParseText(ImplicitUsings) };
        var compilation = CSharpCompilation.Create("AnAppHost", trees, References(withLibrary: true), new CSharpCompilationOptions(OutputKind.ConsoleApplication, nullableContextOptions: NullableContextOptions.Enable));
        return [.. compilation.GetDiagnostics().Where(diagnostic => diagnostic.Severity == DiagnosticSeverity.Error)];
    }

    private static MetadataReference[] References(bool withLibrary = false)
    {
        var platform = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator);
        var beside = Directory.EnumerateFiles(AppContext.BaseDirectory, "*.dll").Where(path => withLibrary || !path.EndsWith("DeployCode.Orchestrator.dll", StringComparison.Ordinal));
        return [.. platform.Concat(beside).DistinctBy(Path.GetFileName).Select(path => MetadataReference.CreateFromFile(path))];
    }

    private Dictionary<string, SortedDictionary<string, SortedSet<string>>> FolderUses(CSharpCompilation compilation, IEnumerable<SyntaxTree> trees)
    {
        var uses = new Dictionary<string, SortedDictionary<string, SortedSet<string>>>(StringComparer.Ordinal);
        foreach (var tree in trees)
        {
            var from = FolderOf(tree.FilePath);
            var folderUses = uses.TryGetValue(from, out var found) ? found : uses[from] = new(StringComparer.Ordinal);
            var model = compilation.GetSemanticModel(tree);
            foreach (var name in tree.GetRoot().DescendantNodes().OfType<SimpleNameSyntax>())
            {
                var symbol = model.GetSymbolInfo(name).Symbol ?? model.GetSymbolInfo(name).CandidateSymbols.FirstOrDefault();
                var declared = symbol is null ? null : DeclaringType(symbol);
                var file = declared?.DeclaringSyntaxReferences.FirstOrDefault()?.SyntaxTree.FilePath;
                if (string.IsNullOrEmpty(file) || !file.StartsWith(Folder, StringComparison.Ordinal))
                {
                    continue;
                }

                var to = FolderOf(file);
                if (to != from)
                {
                    (folderUses.TryGetValue(to, out var names) ? names : folderUses[to] = new(StringComparer.Ordinal)).Add(declared!.Name);
                }
            }
        }

        return uses;
    }

    // A member counts as a use of the type that declares it (an extension method, of its static class).
    private static INamedTypeSymbol? DeclaringType(ISymbol symbol) => symbol switch
    {
        INamedTypeSymbol type => type.OriginalDefinition,
        IMethodSymbol { ReducedFrom: { } extension } => extension.ContainingType,
        _ => symbol.ContainingType?.OriginalDefinition,
    };
}
