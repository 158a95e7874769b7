using DeployCode.Orchestrator.Planning;

namespace DeployCode.AppHost.Tests;

/// <summary>The README shows what the code does.</summary>
public sealed class ReadmeTests
{
    [Fact]
    public async Task TheReadmeShowsTheDeploymentPlanTheOrchestratorWrites()
    {
        await using var builder = await AppHostModel.CreateAsync("DeployCode:Runtime=container");
        var generated = DeploymentPlan.For(DependencyGraph.FromModel(builder.Resources)).ToMermaid();

        var readme = await File.ReadAllTextAsync(Path.Combine(RepositoryFolder.Root, "README.md"), TestContext.Current.CancellationToken);
        const string Begin = "<!-- plan:begin -->\n```mermaid\n";
        const string End = "```\n<!-- plan:end -->";
        var start = readme.IndexOf(Begin, StringComparison.Ordinal);
        Assert.True(start >= 0, "README.md has no generated plan block");
        var shown = readme[(start + Begin.Length)..readme.IndexOf(End, start, StringComparison.Ordinal)];

        Assert.Equal(generated, shown);
    }
}
