namespace DeployCode.McpBashGod.Validation;

/// <summary>
/// What a sed script does beyond editing text, read command by command (addresses skipped, each <c>s</c> command's
/// pattern and replacement skipped by its own delimiter): <c>e</c> and the <c>s///e</c> flag run commands, <c>w</c>,
/// <c>W</c> and the <c>s///w</c> flag write files. <c>s/e$//</c> is an edit, not an <c>e</c>.
/// </summary>
internal static class SedScript
{
    public static bool RunsCommands(string script) => Commands(script).Any(command => command.Name == 'e' || command.Name == 's' && command.Flags.Contains('e', StringComparison.Ordinal));

    public static bool WritesFiles(string script) => Commands(script).Any(command => command.Name is 'w' or 'W' || command.Name == 's' && command.Flags.Contains('w', StringComparison.Ordinal));

    private static IEnumerable<(char Name, string Flags)> Commands(string script)
    {
        var at = 0;
        while (at < script.Length)
        {
            at = SkipAddress(script, at);
            if (at >= script.Length)
            {
                yield break;
            }

            var name = script[at++];
            switch (name)
            {
                case 's' or 'y' when at < script.Length:
                    var delimiter = script[at++];
                    at = SkipDelimited(script, SkipDelimited(script, at, delimiter), delimiter);
                    var flagsEnd = at;
                    while (flagsEnd < script.Length && script[flagsEnd] is not (';' or '\n' or '}'))
                    {
                        flagsEnd++;
                    }

                    yield return (name, script[at..flagsEnd]);
                    at = flagsEnd + 1;
                    break;
                case 'a' or 'i' or 'c' or 'r' or 'R' or 'w' or 'W' or 'e' or 'b' or 't' or 'T' or ':' or 'q' or 'Q' or 'l' or 'L':
                    // The rest of the line is the command's text, file name or label.
                    yield return (name, "");
                    at = NextLine(script, at);
                    break;
                default:
                    yield return (name, "");
                    break;
            }
        }
    }

    // Line numbers, $, /regex/ or \cregexc, a range with a comma, steps with ~, negation with !, and separators.
    private static int SkipAddress(string script, int at)
    {
        while (at < script.Length)
        {
            var character = script[at];
            if (char.IsWhiteSpace(character) || char.IsAsciiDigit(character) || character is ';' or '$' or ',' or '~' or '!' or '{' or '}' or '+')
            {
                at++;
            }
            else if (character == '/')
            {
                at = SkipDelimited(script, at + 1, '/');
            }
            else if (character == '\\' && at + 1 < script.Length)
            {
                at = SkipDelimited(script, at + 2, script[at + 1]);
            }
            else
            {
                return at;
            }
        }

        return at;
    }

    // Past the next unescaped delimiter.
    private static int SkipDelimited(string script, int at, char delimiter)
    {
        while (at < script.Length && script[at] != delimiter)
        {
            at += script[at] == '\\' ? 2 : 1;
        }

        return Math.Min(at + 1, script.Length);
    }

    private static int NextLine(string script, int at)
    {
        var end = script.IndexOf('\n', at);
        return end < 0 ? script.Length : end + 1;
    }
}
