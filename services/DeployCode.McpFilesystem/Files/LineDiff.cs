using System.Globalization;
using System.Text;

namespace DeployCode.McpFilesystem.Files;

/// <summary>A unified diff of two texts, one hunk around the changed lines with three lines of context each side.</summary>
internal static class LineDiff
{
    private const int Context = 3;
    // Beyond this many cells the middle is shown as removed then added rather than aligned line by line.
    private const long AlignmentLimit = 4_000_000;

    public static string Unified(string path, string before, string after)
    {
        var oldLines = before.Split('\n');
        var newLines = after.Split('\n');
        var prefix = 0;
        while (prefix < oldLines.Length && prefix < newLines.Length && oldLines[prefix] == newLines[prefix])
        {
            prefix++;
        }

        var suffix = 0;
        while (suffix < oldLines.Length - prefix && suffix < newLines.Length - prefix && oldLines[^(suffix + 1)] == newLines[^(suffix + 1)])
        {
            suffix++;
        }

        var text = new StringBuilder($"--- {path}\n+++ {path}\n");
        if (prefix == oldLines.Length && prefix == newLines.Length)
        {
            return text.ToString();
        }

        var start = Math.Max(0, prefix - Context);
        var oldEnd = Math.Min(oldLines.Length, oldLines.Length - suffix + Context);
        var newEnd = Math.Min(newLines.Length, newLines.Length - suffix + Context);
        text.Append(CultureInfo.InvariantCulture, $"@@ -{start + 1},{oldEnd - start} +{start + 1},{newEnd - start} @@\n");
        foreach (var line in oldLines[start..prefix])
        {
            text.Append(' ').Append(line).Append('\n');
        }

        foreach (var (mark, line) in Middle(oldLines[prefix..^suffix], newLines[prefix..^suffix]))
        {
            text.Append(mark).Append(line).Append('\n');
        }

        foreach (var line in oldLines[(oldLines.Length - suffix)..oldEnd])
        {
            text.Append(' ').Append(line).Append('\n');
        }

        return text.ToString();
    }

    private static IEnumerable<(char Mark, string Line)> Middle(string[] removed, string[] added)
    {
        if ((long)removed.Length * added.Length > AlignmentLimit)
        {
            return removed.Select(line => ('-', line)).Concat(added.Select(line => ('+', line)));
        }

        // Longest common subsequence, walked from the start.
        var lengths = new int[removed.Length + 1, added.Length + 1];
        for (var i = removed.Length - 1; i >= 0; i--)
        {
            for (var j = added.Length - 1; j >= 0; j--)
            {
                lengths[i, j] = removed[i] == added[j] ? lengths[i + 1, j + 1] + 1 : Math.Max(lengths[i + 1, j], lengths[i, j + 1]);
            }
        }

        var lines = new List<(char, string)>();
        int a = 0, b = 0;
        while (a < removed.Length || b < added.Length)
        {
            if (a < removed.Length && b < added.Length && removed[a] == added[b])
            {
                lines.Add((' ', removed[a++]));
                b++;
            }
            else if (a < removed.Length && (b == added.Length || lengths[a + 1, b] >= lengths[a, b + 1]))
            {
                // Removals before additions, as diff(1) shows them.
                lines.Add(('-', removed[a++]));
            }
            else
            {
                lines.Add(('+', added[b++]));
            }
        }

        return lines;
    }
}
