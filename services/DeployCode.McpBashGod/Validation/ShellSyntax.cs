namespace DeployCode.McpBashGod.Validation;

/// <summary>What a word was made of, beyond plain characters: each is a way to hide what a command really is.</summary>
[Flags]
public enum WordTraits
{
    /// <summary>Plain characters only.</summary>
    None = 0,

    /// <summary>Single or double quotes, or a backslash, inside or around it.</summary>
    Quoted = 1,

    /// <summary>A parameter expansion: <c>$NAME</c>, <c>${…}</c>, <c>$1</c>.</summary>
    Variable = 2,

    /// <summary>A command substitution: <c>$(…)</c> or backquotes.</summary>
    CommandSubstitution = 4,

    /// <summary>ANSI-C quoting <c>$'…'</c>, whose escapes (<c>\x72</c>) are decoded into the word's value.</summary>
    AnsiC = 8,

    /// <summary>Unquoted <c>*</c>, <c>?</c> or <c>[</c>: the shell would expand it to file names.</summary>
    Glob = 16,

    /// <summary>Arithmetic expansion <c>$((…))</c>.</summary>
    Arithmetic = 32,

    /// <summary>Process substitution <c>&lt;(…)</c> or <c>&gt;(…)</c>.</summary>
    ProcessSubstitution = 64,

    /// <summary>A leading <c>~</c>: the home folder.</summary>
    Tilde = 128,
}

/// <summary>
/// One word after quote removal. <see cref="Value"/> is what the shell would pass when no expansion changes it
/// (quotes removed, escapes and <c>$'…'</c> decoded); expansions stay in it as written. <see cref="Substitutions"/> are
/// the scripts inside command and process substitutions, parsed too, so that nothing runs unseen.
/// </summary>
public sealed record ShellWord(string Value, string Raw, WordTraits Traits, IReadOnlyList<ShellScript> Substitutions)
{
    /// <summary>Whether the word is exactly what it says: no expansion of any kind.</summary>
    public bool IsLiteral => (Traits & (WordTraits.Variable | WordTraits.CommandSubstitution | WordTraits.Glob | WordTraits.Arithmetic | WordTraits.ProcessSubstitution | WordTraits.Tilde)) == 0;
}

/// <summary>A redirection: its operator (<c>&gt;</c>, <c>&gt;&gt;</c>, <c>&lt;</c>, <c>&lt;&lt;&lt;</c>, <c>&gt;&amp;</c>, …), the descriptor it applies to, and its target.</summary>
public sealed record ShellRedirection(string Operator, int? Descriptor, ShellWord Target);

/// <summary>Anything that runs: a simple command, a subshell or group, or a function definition.</summary>
public abstract record ShellCommand(IReadOnlyList<ShellRedirection> Redirections);

/// <summary>Assignments, then a command name and its arguments.</summary>
public sealed record SimpleCommand(IReadOnlyList<ShellWord> Assignments, IReadOnlyList<ShellWord> Words, IReadOnlyList<ShellRedirection> Redirections)
    : ShellCommand(Redirections);

/// <summary><c>( … )</c> (a subshell) or <c>{ …; }</c> (a group).</summary>
public sealed record CompoundCommand(ShellScript Body, bool Subshell, IReadOnlyList<ShellRedirection> Redirections) : ShellCommand(Redirections);

/// <summary><c>name() { … }</c>: defining a function (how a fork bomb starts).</summary>
public sealed record FunctionDefinition(string Name, ShellCommand Body) : ShellCommand(Body.Redirections);

/// <summary>Commands joined by <c>|</c> (or <c>|&amp;</c>); <paramref name="Negated"/> for a leading <c>!</c>.</summary>
public sealed record ShellPipeline(IReadOnlyList<ShellCommand> Commands, bool Negated);

/// <summary>Pipelines joined by <c>;</c>, <c>&amp;&amp;</c>, <c>||</c>, <c>&amp;</c> or newlines; each with the operator that follows it.</summary>
public sealed record ShellScript(IReadOnlyList<(ShellPipeline Pipeline, string Separator)> Items)
{
    /// <summary>Every command, at any depth: inside subshells, groups, function bodies and substitutions.</summary>
    public IEnumerable<ShellCommand> AllCommands()
    {
        foreach (var (pipeline, _) in Items)
        {
            foreach (var command in pipeline.Commands)
            {
                foreach (var inner in Flatten(command))
                {
                    yield return inner;
                }
            }
        }
    }

    private static IEnumerable<ShellCommand> Flatten(ShellCommand command)
    {
        yield return command;
        var nested = command switch
        {
            CompoundCommand compound => compound.Body.AllCommands(),
            FunctionDefinition function => Flatten(function.Body),
            _ => [],
        };
        var words = command is SimpleCommand simple ? simple.Assignments.Concat(simple.Words) : [];
        var substituted = words.Concat(command.Redirections.Select(redirection => redirection.Target))
            .SelectMany(word => word.Substitutions)
            .SelectMany(script => script.AllCommands());
        foreach (var inner in nested.Concat(substituted))
        {
            yield return inner;
        }
    }
}

/// <summary>A command line the parser cannot read (an unterminated quote, say): the validator refuses it.</summary>
public sealed class ShellSyntaxException(string message) : Exception(message);
