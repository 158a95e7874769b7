namespace DeployCode.AppHost.Tests;

/// <summary>A part of a doc that a test generates: the text between <c>&lt;!-- name:begin --&gt;</c> and <c>&lt;!-- name:end --&gt;</c>.</summary>
internal static class GeneratedSection
{
    /// <summary>Asserts that <paramref name="doc"/>'s section <paramref name="name"/> reads <paramref name="expected"/>; the failure holds the text to paste.</summary>
    public static async Task AssertReadsAsync(string doc, string name, string expected)
    {
        var path = Path.Combine(RepositoryFolder.Root, doc);
        var text = await File.ReadAllTextAsync(path, TestContext.Current.CancellationToken);
        var begin = $"<!-- {name}:begin -->\n";
        var start = text.IndexOf(begin, StringComparison.Ordinal);
        Assert.True(start >= 0, $"{doc} has no generated section ({begin.TrimEnd()})");
        var end = text.IndexOf($"<!-- {name}:end -->", start, StringComparison.Ordinal);
        Assert.True(end >= 0, $"{doc}'s section {name} has no end marker");

        var shown = text[(start + begin.Length)..end];
        Assert.True(expected == shown, $"{doc}'s section {name} is out of date; between the markers it should read:\n{expected}");
    }
}
