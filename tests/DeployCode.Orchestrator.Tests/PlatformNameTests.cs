using DeployCode.Orchestrator.Model;

namespace DeployCode.Orchestrator.Tests;

/// <summary>What an AppHost calls its platform, and the slug its artifacts carry.</summary>
public sealed class PlatformNameTests
{
    [Theory]
    [InlineData("CODE platform", "code-platform")]
    [InlineData("  Online   shop! ", "online-shop")]
    [InlineData("Shop", "shop")]
    public void TheSlugIsTheNamesWordsInLowerCaseJoinedByHyphens(string display, string slug)
    {
        var name = PlatformName.From(display);

        Assert.Equal(display.Trim(), name.Display);
        Assert.Equal(slug, name.Slug);
    }

    [Theory]
    [InlineData("!!!")]
    [InlineData("   ")]
    public void ANameWithNoLetterOrDigitIsRefused(string display)
    {
        Assert.ThrowsAny<ArgumentException>(() => PlatformName.From(display));
    }
}
