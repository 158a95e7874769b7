using System.Text;
using System.Text.RegularExpressions;

namespace DeployCode.McpFilesystem.Files;

/// <summary>
/// Glob patterns over paths relative to a search's folder, as the reference server matches them (minimatch with
/// dot files included): <c>*</c> and <c>?</c> within one path segment, <c>**</c> across any number of them,
/// <c>[abc]</c>/<c>[!abc]</c> classes and <c>{a,b}</c> alternatives. Case counts.
/// </summary>
internal sealed class Glob
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(1);

    private readonly Regex _regex;

    public Glob(string pattern)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        Pattern = pattern;
        _regex = new Regex($"^{Translate(pattern)}$", RegexOptions.CultureInvariant, s_timeout);
    }

    public string Pattern { get; }

    /// <summary>Whether <paramref name="relativePath"/> (segments joined by <c>/</c>) matches.</summary>
    public bool Matches(string relativePath) => _regex.IsMatch(relativePath);

    private static string Translate(string pattern)
    {
        var regex = new StringBuilder();
        var braces = 0;
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            switch (c)
            {
                case '*' when At(pattern, i + 1) == '*':
                    var wholeSegment = (i == 0 || pattern[i - 1] == '/') && (i + 2 == pattern.Length || pattern[i + 2] == '/');
                    if (wholeSegment && i + 2 < pattern.Length)
                    {
                        // "**/": any number of whole segments, none included.
                        regex.Append("(?:[^/]*(?:/[^/]*)*/)?");
                        i += 2;
                    }
                    else
                    {
                        regex.Append(".*");
                        i++;
                    }

                    break;
                case '*':
                    regex.Append("[^/]*");
                    break;
                case '?':
                    regex.Append("[^/]");
                    break;
                case '[' when pattern.IndexOf(']', i + 1) is var close and > 0:
                    var members = pattern[(i + 1)..close];
                    regex.Append('[').Append(members.StartsWith('!') ? "^" + Regex.Escape(members[1..]) : Regex.Escape(members)).Append(']');
                    i = close;
                    break;
                case '{':
                    braces++;
                    regex.Append("(?:");
                    break;
                case ',' when braces > 0:
                    regex.Append('|');
                    break;
                case '}' when braces > 0:
                    braces--;
                    regex.Append(')');
                    break;
                default:
                    regex.Append(Regex.Escape(c.ToString()));
                    break;
            }
        }

        return braces == 0 ? regex.ToString() : throw new ToolRefusal($"The pattern {pattern} opens a {{ it does not close.");
    }

    private static char At(string text, int index) => index < text.Length ? text[index] : '\0';
}
