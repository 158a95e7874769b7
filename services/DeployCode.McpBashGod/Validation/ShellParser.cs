using System.Globalization;
using System.Text;

namespace DeployCode.McpBashGod.Validation;

/// <summary>
/// Parses a bash command line the way bash reads it: quoting and escapes, <c>$'…'</c>, parameter, arithmetic and
/// command substitutions, pipes, lists, redirections (here-strings and here-documents included), subshells, groups and
/// function definitions. Substitutions are parsed too, so a command hidden in <c>$(…)</c> or backquotes is seen.
/// </summary>
public sealed class ShellParser
{
    private const string Metacharacters = " \t\n;&|()<>";
    private readonly string _text;
    private readonly int _depth;
    // Here-document bodies already read: the parser jumps over them when it reaches their first line.
    private readonly List<(int From, int To)> _consumed = [];
    private int _at;

    private ShellParser(string text, int depth)
    {
        _text = text;
        _depth = depth;
    }

    /// <summary>The script of <paramref name="commandLine"/>; throws <see cref="ShellSyntaxException"/> when bash could not read it either.</summary>
    public static ShellScript Parse(string commandLine)
    {
        ArgumentNullException.ThrowIfNull(commandLine);
        return new ShellParser(commandLine, 0).ParseAll();
    }

    private ShellScript ParseAll()
    {
        var script = ParseScript(terminator: null);
        SkipBlanks();
        if (_at < _text.Length)
        {
            throw Error($"unexpected '{_text[_at]}'");
        }

        return script;
    }

    private ShellScript ParseScript(char? terminator)
    {
        if (_depth > 32)
        {
            throw new ShellSyntaxException("nested too deeply");
        }

        var items = new List<(ShellPipeline, string)>();
        while (true)
        {
            SkipBlanksAndNewlines();
            if (_at >= _text.Length || (terminator is { } end && Peek() == end) || (terminator == '}' && Peek() == '}'))
            {
                return new ShellScript(items);
            }

            var pipeline = ParsePipeline();
            SkipBlanks();
            var separator = "";
            foreach (var candidate in new[] { "&&", "||", ";;", ";", "&", "\n" })
            {
                if (string.CompareOrdinal(_text, _at, candidate, 0, candidate.Length) == 0)
                {
                    if (candidate == ";;")
                    {
                        throw Error("';;' outside a case statement");
                    }

                    separator = candidate;
                    _at += candidate.Length;
                    break;
                }
            }

            items.Add((pipeline, separator));
            if (separator.Length == 0)
            {
                SkipBlanks();
                if (_at < _text.Length && !(terminator is { } stop && Peek() == stop))
                {
                    throw Error($"unexpected '{_text[_at]}'");
                }

                return new ShellScript(items);
            }
        }
    }

    private ShellPipeline ParsePipeline()
    {
        SkipBlanks();
        var negated = false;
        if (Peek() == '!' && _at + 1 < _text.Length && char.IsWhiteSpace(_text[_at + 1]))
        {
            negated = true;
            _at++;
        }

        var commands = new List<ShellCommand> { ParseCommand() };
        while (true)
        {
            SkipBlanks();
            if (Peek() == '|' && PeekAt(1) != '|')
            {
                _at += PeekAt(1) == '&' ? 2 : 1;
                SkipBlanksAndNewlines();
                commands.Add(ParseCommand());
                continue;
            }

            return new ShellPipeline(commands, negated);
        }
    }

    private ShellCommand ParseCommand()
    {
        SkipBlanks();
        if (Peek() == '(')
        {
            _at++;
            var body = ParseScript(')');
            Expect(')');
            return new CompoundCommand(body, Subshell: true, ParseTrailingRedirections());
        }

        if (Peek() == '{' && (PeekAt(1) is ' ' or '\t' or '\n'))
        {
            _at++;
            var body = ParseScript('}');
            Expect('}');
            return new CompoundCommand(body, Subshell: false, ParseTrailingRedirections());
        }

        var assignments = new List<ShellWord>();
        var words = new List<ShellWord>();
        var redirections = new List<ShellRedirection>();
        while (true)
        {
            SkipBlanks();
            if (_at >= _text.Length || Peek() is ';' or '\n' or ')' || (Peek() is '&' && PeekAt(1) != '>') || (Peek() == '|'))
            {
                break;
            }

            if (Peek() == '}' && words.Count == 0 && assignments.Count == 0)
            {
                break;
            }

            if (TryParseRedirection() is { } redirection)
            {
                redirections.Add(redirection);
                continue;
            }

            if (Peek() == '(' && words.Count == 1 && assignments.Count == 0 && words[0].IsLiteral)
            {
                // name() body: a function definition.
                _at++;
                SkipBlanks();
                Expect(')');
                SkipBlanksAndNewlines();
                return new FunctionDefinition(words[0].Value, ParseCommand());
            }

            if (Peek() == '(')
            {
                throw Error("unexpected '('");
            }

            var word = ParseWord();
            if (word.Value == "function" && words.Count == 0 && word.Traits == WordTraits.None)
            {
                SkipBlanks();
                var name = ParseWord();
                SkipBlanks();
                if (Peek() == '(')
                {
                    _at++;
                    SkipBlanks();
                    Expect(')');
                }

                SkipBlanksAndNewlines();
                return new FunctionDefinition(name.Value, ParseCommand());
            }

            if (words.Count == 0 && IsAssignment(word))
            {
                assignments.Add(word);
            }
            else
            {
                words.Add(word);
            }
        }

        if (words.Count == 0 && assignments.Count == 0 && redirections.Count == 0)
        {
            throw Error(_at < _text.Length ? $"unexpected '{_text[_at]}'" : "a command is missing");
        }

        return new SimpleCommand(assignments, words, redirections);
    }

    private List<ShellRedirection> ParseTrailingRedirections()
    {
        var redirections = new List<ShellRedirection>();
        while (true)
        {
            SkipBlanks();
            if (TryParseRedirection() is not { } redirection)
            {
                return redirections;
            }

            redirections.Add(redirection);
        }
    }

    private ShellRedirection? TryParseRedirection()
    {
        var start = _at;
        var digits = 0;
        while (_at + digits < _text.Length && char.IsAsciiDigit(_text[_at + digits]))
        {
            digits++;
        }

        var operatorAt = _at + digits;
        string[] operators = ["&>>", "&>", "<<<", "<<-", "<<", "<>", "<&", ">>", ">&", ">|", "<", ">"];
        var found = operators.FirstOrDefault(candidate => string.CompareOrdinal(_text, operatorAt, candidate, 0, candidate.Length) == 0);
        if (found is null || (digits > 0 && found.StartsWith('&')) || (found is "<" or ">" && PeekAt(digits + 1) == '('))
        {
            _at = start;
            return null;
        }

        int? descriptor = digits > 0 ? int.Parse(_text.AsSpan(_at, digits), CultureInfo.InvariantCulture) : null;
        _at = operatorAt + found.Length;
        SkipBlanks();
        if (_at >= _text.Length || Metacharacters.Contains(Peek(), StringComparison.Ordinal))
        {
            throw Error($"'{found}' has no target");
        }

        var target = ParseWord();
        if (found is "<<" or "<<-")
        {
            target = ReadHereDocument(target);
        }

        return new ShellRedirection(found, descriptor, target);
    }

    /// <summary>The body of a here-document, from the next line to its delimiter; expanded unless the delimiter was quoted.</summary>
    private ShellWord ReadHereDocument(ShellWord delimiter)
    {
        var lineEnd = _text.IndexOf('\n', _at);
        if (lineEnd < 0)
        {
            return delimiter with { Value = "" };
        }

        var bodyStart = lineEnd + 1;
        var body = new StringBuilder();
        var position = bodyStart;
        while (position <= _text.Length)
        {
            var next = _text.IndexOf('\n', position);
            var line = next < 0 ? _text[position..] : _text[position..next];
            if (line.TrimStart('\t') == delimiter.Value)
            {
                var rest = next < 0 ? "" : _text[(next + 1)..];
                var parsedBody = (delimiter.Traits & WordTraits.Quoted) != 0
                    ? new ShellWord(body.ToString(), body.ToString(), WordTraits.Quoted, [])
                    : new ShellParser("\"" + body.ToString().Replace("\"", "\\\"", StringComparison.Ordinal) + "\"", _depth + 1).ParseWord();
                // What follows the redirection on its own line is parsed first; then the body is jumped over.
                _consumed.Add((bodyStart, _text.Length - rest.Length));
                return parsedBody;
            }

            body.Append(line).Append('\n');
            if (next < 0)
            {
                break;
            }

            position = next + 1;
        }

        throw Error($"here-document delimited by '{delimiter.Value}' is not closed");
    }

    private ShellWord ParseWord()
    {
        var start = _at;
        var value = new StringBuilder();
        var traits = WordTraits.None;
        var substitutions = new List<ShellScript>();
        if (Peek() == '~')
        {
            traits |= WordTraits.Tilde;
        }

        while (true)
        {
            JumpOverConsumed();
            if (_at >= _text.Length)
            {
                break;
            }

            var character = _text[_at];
            if (Metacharacters.Contains(character, StringComparison.Ordinal))
            {
                if (character is '<' or '>' && PeekAt(1) == '(' && _at == start)
                {
                    traits |= WordTraits.ProcessSubstitution;
                    _at += 2;
                    substitutions.Add(ParseNested(')'));
                    value.Append(_text, start, _at - start);
                    continue;
                }

                break;
            }

            switch (character)
            {
                case '\\':
                    traits |= WordTraits.Quoted;
                    if (PeekAt(1) == '\n')
                    {
                        _at += 2;
                        continue;
                    }

                    if (_at + 1 >= _text.Length)
                    {
                        throw Error("a trailing backslash escapes nothing");
                    }

                    value.Append(_text[_at + 1]);
                    _at += 2;
                    break;
                case '\'':
                    traits |= WordTraits.Quoted;
                    var close = _text.IndexOf('\'', _at + 1);
                    if (close < 0)
                    {
                        throw Error("unterminated single quote");
                    }

                    value.Append(_text, _at + 1, close - _at - 1);
                    _at = close + 1;
                    break;
                case '"':
                    traits |= WordTraits.Quoted;
                    _at++;
                    while (Peek() != '"')
                    {
                        if (_at >= _text.Length)
                        {
                            throw Error("unterminated double quote");
                        }

                        if (Peek() == '\\' && PeekAt(1) is '$' or '`' or '"' or '\\' or '\n')
                        {
                            value.Append(_text[_at + 1]);
                            _at += 2;
                        }
                        else if (Peek() is '$' or '`')
                        {
                            traits |= ParseExpansion(value, substitutions);
                        }
                        else
                        {
                            value.Append(_text[_at++]);
                        }
                    }

                    _at++;
                    break;
                case '$' when PeekAt(1) == '\'':
                    traits |= WordTraits.AnsiC | WordTraits.Quoted;
                    _at += 2;
                    value.Append(AnsiC());
                    break;
                case '$' or '`':
                    traits |= ParseExpansion(value, substitutions);
                    break;
                case '*' or '?' or '[':
                    traits |= WordTraits.Glob;
                    value.Append(character);
                    _at++;
                    break;
                default:
                    value.Append(character);
                    _at++;
                    break;
            }
        }

        return new ShellWord(value.ToString(), _text[start.._at], traits, substitutions);
    }

    private WordTraits ParseExpansion(StringBuilder value, List<ShellScript> substitutions)
    {
        var start = _at;
        if (Peek() == '`')
        {
            _at++;
            var inner = new StringBuilder();
            while (Peek() != '`')
            {
                if (_at >= _text.Length)
                {
                    throw Error("unterminated backquote");
                }

                if (Peek() == '\\' && PeekAt(1) is '`' or '\\' or '$')
                {
                    _at++;
                }

                inner.Append(_text[_at++]);
            }

            _at++;
            substitutions.Add(new ShellParser(inner.ToString(), _depth + 1).ParseAll());
            value.Append(_text, start, _at - start);
            return WordTraits.CommandSubstitution;
        }

        // At '$'.
        if (PeekAt(1) == '(' && PeekAt(2) == '(')
        {
            _at += 3;
            var depth = 2;
            while (depth > 0)
            {
                if (_at >= _text.Length)
                {
                    throw Error("unterminated $((");
                }

                depth += Peek() == '(' ? 1 : Peek() == ')' ? -1 : 0;
                _at++;
            }

            value.Append(_text, start, _at - start);
            return WordTraits.Arithmetic;
        }

        if (PeekAt(1) == '(')
        {
            _at += 2;
            substitutions.Add(ParseNested(')'));
            value.Append(_text, start, _at - start);
            return WordTraits.CommandSubstitution;
        }

        if (PeekAt(1) == '{')
        {
            var close = _text.IndexOf('}', _at + 2);
            if (close < 0)
            {
                throw Error("unterminated ${");
            }

            _at = close + 1;
            value.Append(_text, start, _at - start);
            return WordTraits.Variable;
        }

        _at++;
        if (_at < _text.Length && (char.IsAsciiLetter(Peek()) || Peek() == '_'))
        {
            while (_at < _text.Length && (char.IsAsciiLetterOrDigit(Peek()) || Peek() == '_'))
            {
                _at++;
            }
        }
        else if (_at < _text.Length && (char.IsAsciiDigit(Peek()) || Peek() is '@' or '*' or '#' or '?' or '-' or '$' or '!'))
        {
            _at++;
        }
        else
        {
            value.Append('$');
            return WordTraits.None;
        }

        value.Append(_text, start, _at - start);
        return WordTraits.Variable;
    }

    /// <summary>Parses a script up to its closing <paramref name="close"/>, as bash does for <c>$(…)</c> and <c>&lt;(…)</c>.</summary>
    private ShellScript ParseNested(char close)
    {
        var inner = new ShellParser(_text, _depth + 1) { _at = _at };
        var script = inner.ParseScript(close);
        if (inner.Peek() != close)
        {
            throw Error($"unterminated substitution (no '{close}')");
        }

        _at = inner._at + 1;
        return script;
    }

    private string AnsiC()
    {
        var value = new StringBuilder();
        while (Peek() != '\'')
        {
            if (_at >= _text.Length)
            {
                throw Error("unterminated $'");
            }

            if (Peek() != '\\')
            {
                value.Append(_text[_at++]);
                continue;
            }

            _at++;
            var escape = Peek();
            _at++;
            switch (escape)
            {
                case 'n': value.Append('\n'); break;
                case 't': value.Append('\t'); break;
                case 'r': value.Append('\r'); break;
                case 'a': value.Append('\a'); break;
                case 'b': value.Append('\b'); break;
                case 'e' or 'E': value.Append('\u001b'); break;
                case 'f': value.Append('\f'); break;
                case 'v': value.Append('\v'); break;
                case 'x': value.Append(Number(16, 2)); break;
                case 'u': value.Append(Number(16, 4)); break;
                case 'U': value.Append(Number(16, 8)); break;
                case >= '0' and <= '7':
                    _at--;
                    value.Append(Number(8, 3));
                    break;
                default: value.Append(escape); break;
            }
        }

        _at++;
        return value.ToString();
    }

    private string Number(int radix, int maximumDigits)
    {
        var start = _at;
        while (_at - start < maximumDigits && _at < _text.Length && Uri.IsHexDigit(Peek()) && (radix == 16 || Peek() is >= '0' and <= '7'))
        {
            _at++;
        }

        return _at == start ? "" : char.ConvertFromUtf32(Convert.ToInt32(_text[start.._at], radix));
    }

    private static bool IsAssignment(ShellWord word)
    {
        var equals = word.Raw.IndexOf('=', StringComparison.Ordinal);
        return equals > 0 && (char.IsAsciiLetter(word.Raw[0]) || word.Raw[0] == '_') && word.Raw[..equals].All(character => char.IsAsciiLetterOrDigit(character) || character == '_');
    }

    private void JumpOverConsumed()
    {
        foreach (var (from, to) in _consumed)
        {
            if (_at == from)
            {
                _at = to;
            }
        }
    }

    private void SkipBlanks()
    {
        while (true)
        {
            JumpOverConsumed();
            if (_at < _text.Length && Peek() is ' ' or '\t')
            {
                _at++;
            }
            else if (Peek() == '\\' && PeekAt(1) == '\n')
            {
                _at += 2;
            }
            else if (Peek() == '#' && (_at == 0 || char.IsWhiteSpace(_text[_at - 1])))
            {
                while (_at < _text.Length && Peek() != '\n')
                {
                    _at++;
                }
            }
            else
            {
                return;
            }
        }
    }

    private void SkipBlanksAndNewlines()
    {
        while (true)
        {
            SkipBlanks();
            if (Peek() == '\n')
            {
                _at++;
                continue;
            }

            return;
        }
    }

    private void Expect(char expected)
    {
        SkipBlanks();
        if (Peek() != expected)
        {
            throw Error($"'{expected}' expected");
        }

        _at++;
    }

    private char Peek() => _at < _text.Length ? _text[_at] : '\0';

    private char PeekAt(int offset) => _at + offset < _text.Length ? _text[_at + offset] : '\0';

    private ShellSyntaxException Error(string problem) => new($"Cannot parse the command line: {problem} at position {_at}.");
}
