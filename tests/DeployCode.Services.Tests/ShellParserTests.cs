using DeployCode.McpBashGod.Validation;

namespace DeployCode.Services.Tests;

public sealed class ShellParserTests
{
    [Fact]
    public void QuotesAndEscapesAreRemovedAsBashRemovesThem()
    {
        var words = Words("echo 'a b' \"c $HOME d\" e\\ f r\"m\" ''x");

        Assert.Equal(["echo", "a b", "c $HOME d", "e f", "rm", "x"], words.Select(word => word.Value));
        Assert.True(words[2].Traits.HasFlag(WordTraits.Variable));
        Assert.True(words[4].Traits.HasFlag(WordTraits.Quoted));
        Assert.True(words[0].IsLiteral && words[1].IsLiteral && !words[2].IsLiteral);
    }

    [Theory]
    [InlineData("$'\\x72\\x6d'", "rm")]
    [InlineData("$'\\162\\155'", "rm")]
    [InlineData("$'\\u0072m'", "rm")]
    [InlineData("$'a\\nb'", "a\nb")]
    public void AnsiCQuotingIsDecoded(string word, string value)
    {
        var parsed = Words(word).Single();
        Assert.Equal(value, parsed.Value);
        Assert.True(parsed.Traits.HasFlag(WordTraits.AnsiC));
    }

    [Fact]
    public void PipesListsAndBackgroundJobsAreSeparated()
    {
        var script = ShellParser.Parse("ls -l | grep x && echo ok || echo no; sleep 1 & wc -l");

        Assert.Equal(["&&", "||", ";", "&", ""], script.Items.Select(item => item.Separator));
        Assert.Equal(2, script.Items[0].Pipeline.Commands.Count);
        Assert.Equal(["ls", "grep", "echo", "echo", "sleep", "wc"], Names(script));
    }

    [Fact]
    public void CommandsInsideSubstitutionsSubshellsGroupsAndFunctionsAreAllSeen()
    {
        var script = ShellParser.Parse("echo $(whoami) `id` \"$(cat /etc/shadow)\" <(ls) ; (cd /tmp && rm x) ; { uname; } ; f() { curl x; }");

        Assert.Equal(["echo", "whoami", "id", "cat", "ls", "cd", "rm", "uname", "curl"], Names(script));
        Assert.Contains(script.AllCommands(), command => command is FunctionDefinition { Name: "f" });
        Assert.Contains(script.AllCommands(), command => command is CompoundCommand { Subshell: true });
        var echo = (SimpleCommand)script.Items[0].Pipeline.Commands[0];
        Assert.True(echo.Words[1].Traits.HasFlag(WordTraits.CommandSubstitution));
        Assert.True(echo.Words[4].Traits.HasFlag(WordTraits.ProcessSubstitution));
    }

    [Fact]
    public void TheForkBombIsAFunctionDefinitionCallingItself()
    {
        var script = ShellParser.Parse(":(){ :|:& };:");

        var bomb = Assert.IsType<FunctionDefinition>(script.Items[0].Pipeline.Commands[0]);
        Assert.Equal(":", bomb.Name);
        Assert.Equal([":", ":", ":"], Names(script));
    }

    [Fact]
    public void RedirectionsHereStringsAndHereDocumentsAreReadWithTheirTargets()
    {
        var command = (SimpleCommand)ShellParser.Parse("cat < in.txt > out.txt 2>&1 >> log &> all <<< \"$(id)\"").Items[0].Pipeline.Commands[0];
        Assert.Equal(["<", ">", ">&", ">>", "&>", "<<<"], command.Redirections.Select(redirection => redirection.Operator));
        Assert.Equal(2, command.Redirections[2].Descriptor);
        Assert.Equal("1", command.Redirections[2].Target.Value);
        Assert.True(command.Redirections[5].Target.Traits.HasFlag(WordTraits.CommandSubstitution));

        var document = ShellParser.Parse("cat <<EOF > f\nhello $(whoami)\nEOF\necho done");
        Assert.Equal(["cat", "whoami", "echo"], Names(document));
    }

    [Fact]
    public void AssignmentsBeforeACommandAreKeptApartFromIt()
    {
        var command = (SimpleCommand)ShellParser.Parse("A=1 B=\"x y\" env | x").Items[0].Pipeline.Commands[0];

        Assert.Equal(["A=1", "B=x y"], command.Assignments.Select(word => word.Value));
        Assert.Equal(["env"], command.Words.Select(word => word.Value));
    }

    [Theory]
    [InlineData("echo 'unterminated")]
    [InlineData("echo \"unterminated")]
    [InlineData("echo $(whoami")]
    [InlineData("echo `id")]
    [InlineData("ls |")]
    [InlineData("ls >")]
    [InlineData("( ls")]
    [InlineData("cat <<EOF\nno end")]
    public void WhatBashCouldNotReadIsAnError(string commandLine)
    {
        var error = Assert.Throws<ShellSyntaxException>(() => ShellParser.Parse(commandLine));
        Assert.StartsWith("Cannot parse the command line", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GlobsVariablesAndTildesAreMarkedAsExpansions()
    {
        var words = Words("ls *.txt ~/x $1 ${PATH} $((1+2))");

        Assert.True(words[1].Traits.HasFlag(WordTraits.Glob));
        Assert.True(words[2].Traits.HasFlag(WordTraits.Tilde));
        Assert.True(words[3].Traits.HasFlag(WordTraits.Variable));
        Assert.True(words[4].Traits.HasFlag(WordTraits.Variable));
        Assert.True(words[5].Traits.HasFlag(WordTraits.Arithmetic));
    }

    private static List<ShellWord> Words(string commandLine) =>
        [.. ((SimpleCommand)ShellParser.Parse(commandLine).Items.Single().Pipeline.Commands.Single()).Words];

    private static string[] Names(ShellScript script) =>
        [.. script.AllCommands().OfType<SimpleCommand>().Where(command => command.Words.Count > 0).Select(command => command.Words[0].Value)];
}
