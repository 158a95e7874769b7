namespace DeployCode.McpBashGod.Validation;

/// <summary>
/// Classifies a command line from its parse tree, not from patterns on its text: every command at every depth
/// (pipelines, lists, subshells, substitutions, <c>bash -c</c> strings, <c>find -exec</c>, <c>xargs</c> and other
/// wrappers) is looked at with its real name and arguments after quote removal. Anything that hides what runs
/// (a computed or disguised command name, <c>eval</c>, a substitution, a shell fed from a pipe) is Critical: when in
/// doubt it refuses. A command outside the vetted catalogue is High, so it runs only when confirmed.
/// </summary>
public sealed partial class CommandValidator(string workRoot)
{
    private static readonly string[] s_systemPaths = ["/etc", "/sys", "/proc", "/boot", "/dev", "/usr", "/bin", "/sbin", "/lib", "/lib64", "/var/lib", "/root", "/var/spool/cron"];
    private static readonly string[] s_harmlessDevices = ["/dev/null", "/dev/stdout", "/dev/stderr", "/dev/stdin", "/dev/zero", "/dev/urandom", "/dev/random", "/dev/tty"];
    private static readonly string[] s_secrets = ["/etc/shadow", "/etc/gshadow", "/etc/sudoers", "/etc/ssh/", "/root/", "/.ssh/", "id_rsa", "id_ed25519", "/proc/kcore", "/dev/mem", "/proc/self/environ", "/.aws/credentials", "/.kube/config", "/.docker/config.json"];
    private static readonly string[] s_writeOperators = [">", ">>", ">|", "&>", "&>>", "<>"];

    private readonly string _workRoot = Path.GetFullPath(workRoot).TrimEnd('/');

    /// <summary>The verdict on <paramref name="commandLine"/>; High runs only with <paramref name="confirmed"/>, Critical never.</summary>
    public CommandVerdict Validate(string commandLine, bool confirmed = false)
    {
        var findings = new Findings();
        if (string.IsNullOrWhiteSpace(commandLine))
        {
            findings.Add(CommandRisk.Critical, "the command line is empty");
        }
        else if (commandLine.Contains('\0', StringComparison.Ordinal))
        {
            findings.Add(CommandRisk.Critical, "the command line contains a NUL character");
        }
        else
        {
            try
            {
                Examine(ShellParser.Parse(commandLine), findings, nesting: 0);
            }
            catch (ShellSyntaxException exception)
            {
                findings.Add(CommandRisk.Critical, exception.Message);
            }
        }

        var risk = findings.Risk;
        return new CommandVerdict(risk <= CommandRisk.Medium || (risk == CommandRisk.High && confirmed), risk, findings.Reasons);
    }

    private void Examine(ShellScript script, Findings findings, int nesting)
    {
        if (nesting > 4)
        {
            findings.Add(CommandRisk.Critical, "shells nested too deeply to follow");
            return;
        }

        foreach (var (pipeline, separator) in script.Items)
        {
            if (separator == "&")
            {
                findings.Add(CommandRisk.Low, "runs something in the background");
            }

            for (var index = 0; index < pipeline.Commands.Count; index++)
            {
                ExamineCommand(pipeline.Commands[index], findings, nesting, fedByPipe: index > 0);
            }
        }
    }

    private void ExamineCommand(ShellCommand command, Findings findings, int nesting, bool fedByPipe)
    {
        switch (command)
        {
            case FunctionDefinition function:
                findings.Add(CommandRisk.Critical, $"defines a shell function '{function.Name}' (how a fork bomb starts)");
                return;
            case CompoundCommand compound:
                ExamineRedirections(compound.Redirections, findings);
                Examine(compound.Body, findings, nesting);
                return;
            case SimpleCommand simple:
                ExamineSimple(simple, findings, nesting, fedByPipe);
                return;
        }
    }

    private void ExamineSimple(SimpleCommand command, Findings findings, int nesting, bool fedByPipe)
    {
        foreach (var word in command.Assignments.Concat(command.Words).Concat(command.Redirections.Select(redirection => redirection.Target)))
        {
            if (word.Traits.HasFlag(WordTraits.CommandSubstitution) || word.Traits.HasFlag(WordTraits.ProcessSubstitution))
            {
                findings.Add(CommandRisk.Critical, $"command substitution in '{word.Raw}': what it runs is not validated input");
            }
            else if (word.Traits.HasFlag(WordTraits.Arithmetic) && !ArithmeticIsClosedByDoubleParenthesis(word.Raw))
            {
                // bash reads $(( … ) ) as a command substitution of a subshell, not as arithmetic.
                findings.Add(CommandRisk.Critical, $"'{word.Raw}' is a command substitution written to look like arithmetic");
            }
        }

        if (command.Assignments.Count > 0)
        {
            findings.Add(CommandRisk.Medium, "sets variables (a variable can hold a command)");
        }

        ExamineRedirections(command.Redirections, findings);
        ExamineWords(command.Words, findings, nesting, fedByPipe);
    }

    private void ExamineWords(IReadOnlyList<ShellWord> words, Findings findings, int nesting, bool fedByPipe)
    {
        if (words.Count == 0)
        {
            return;
        }

        var nameWord = words[0];
        if (ExamineReservedWord(words, findings, nesting, fedByPipe))
        {
            return;
        }

        if (!nameWord.IsLiteral)
        {
            findings.Add(CommandRisk.Critical, $"the command name '{nameWord.Raw}' is computed at run time");
            return;
        }

        if (nameWord.Traits.HasFlag(WordTraits.Quoted) || nameWord.Traits.HasFlag(WordTraits.AnsiC))
        {
            findings.Add(CommandRisk.Critical, $"the command name '{nameWord.Raw}' is disguised with quoting or escapes");
        }

        var name = Path.GetFileName(nameWord.Value);
        var arguments = words.Skip(1).ToList();

        if (CommandCatalog.PrivilegeChangers.Contains(name))
        {
            findings.Add(CommandRisk.Critical, $"{name} changes privileges");
            return;
        }

        if (CommandCatalog.Forbidden.TryGetValue(name, out var forbidden))
        {
            findings.Add(CommandRisk.Critical, $"{name}: {forbidden}");
            return;
        }

        if (name.StartsWith("mkfs", StringComparison.Ordinal))
        {
            findings.Add(CommandRisk.Critical, $"{name} formats a file system");
            return;
        }

        if (name is "command" && arguments.Count > 0 && arguments[0].Value is "-v" or "-V")
        {
            findings.Add(CommandRisk.Safe, "command -v looks a name up");
            return;
        }

        if (CommandCatalog.Wrappers.Contains(name))
        {
            var inner = Unwrap(name, arguments, findings);
            if (inner.Count > 0)
            {
                findings.Add(CommandRisk.Low, $"{name} runs {inner[0].Value}");
                ExamineWords(inner, findings, nesting, fedByPipe);
                return;
            }
        }

        if (CommandCatalog.Shells.Contains(name))
        {
            ExamineShell(name, arguments, findings, nesting, fedByPipe);
            return;
        }

        if (CommandCatalog.Interpreters.Contains(name))
        {
            findings.Add(fedByPipe || arguments.Count == 0 || arguments.Any(argument => argument.Value == "-")
                ? CommandRisk.Critical
                : CommandRisk.High, $"{name} runs code the validator cannot read");
            return;
        }

        var risk = CommandCatalog.BaseRisk.TryGetValue(name, out var known) ? known : CommandRisk.High;
        if (!CommandCatalog.BaseRisk.ContainsKey(name))
        {
            findings.Add(CommandRisk.High, $"{name} is not in the vetted catalogue: it needs confirmation");
        }
        else
        {
            findings.Add(risk, $"{name}");
        }

        ExamineSpecific(name, arguments, findings, nesting);
        ExamineArguments(name, arguments, findings);
    }

    /// <summary>
    /// The shell's reserved words, as the parser leaves them: <c>for f in *.txt; do wc -l "$f"; done</c> comes as the
    /// commands <c>for f in *.txt</c>, <c>do wc -l "$f"</c> and <c>done</c>. The command after a keyword is examined as
    /// any command is; <c>[</c> and <c>[[</c> are tests, whatever their brackets look like to a glob.
    /// </summary>
    private bool ExamineReservedWord(IReadOnlyList<ShellWord> words, Findings findings, int nesting, bool fedByPipe)
    {
        var raw = words[0].Raw;
        var rest = words.Skip(1).ToList();
        switch (raw)
        {
            case "[" or "[[":
                findings.Add(CommandRisk.Safe, $"{raw} tests a condition");
                ExamineArguments("test", rest, findings);
                return true;
            case "for" or "select":
                findings.Add(CommandRisk.Safe, $"{raw} loops over words");
                ExamineArguments(raw, rest.SkipWhile(word => word.Value != "in").Skip(1).ToList(), findings);
                return true;
            case "do" or "then" or "else" or "elif" or "if" or "while" or "until" or "!" or "time":
                ExamineWords(rest, findings, nesting, fedByPipe);
                return true;
            case "done" or "fi" or "esac":
                if (rest.Count > 0)
                {
                    findings.Add(CommandRisk.Critical, $"words after {raw}: the shell cannot read this line");
                }

                return true;
            default:
                return false;
        }
    }

    /// <summary>The command a wrapper runs, its own options skipped.</summary>
    private static List<ShellWord> Unwrap(string wrapper, List<ShellWord> arguments, Findings findings)
    {
        var index = 0;
        bool IsOption(int at) => at < arguments.Count && arguments[at].Value.StartsWith('-');
        switch (wrapper)
        {
            case "env":
                while (index < arguments.Count && (IsOption(index) || arguments[index].Value.Contains('=', StringComparison.Ordinal)))
                {
                    index += arguments[index].Value is "-u" or "-C" or "-S" or "--unset" or "--chdir" ? 2 : 1;
                    if (index <= arguments.Count && arguments[index - 1].Value is "-S" or "--split-string")
                    {
                        findings.Add(CommandRisk.Critical, "env -S splits a string into a command");
                    }
                }

                break;
            case "timeout":
                while (IsOption(index))
                {
                    index += arguments[index].Value is "-s" or "-k" or "--signal" or "--kill-after" ? 2 : 1;
                }

                index++;
                break;
            case "nice" or "ionice":
                while (IsOption(index))
                {
                    index += arguments[index].Value is "-n" or "-c" or "-p" ? 2 : 1;
                }

                break;
            case "xargs":
                while (IsOption(index))
                {
                    index += arguments[index].Value is "-n" or "-I" or "-d" or "-P" or "-L" or "-s" or "-a" or "-E" or "--delimiter" or "--max-args" ? 2 : 1;
                }

                break;
            case "watch":
                while (IsOption(index))
                {
                    index += arguments[index].Value is "-n" or "--interval" ? 2 : 1;
                }

                break;
            case "flock":
                while (IsOption(index))
                {
                    index++;
                }

                index++;
                if (index < arguments.Count && arguments[index].Value is "-c")
                {
                    findings.Add(CommandRisk.Critical, "flock -c runs a string as a command");
                }

                break;
            case "command" when arguments.Count > 0 && arguments[0].Value is "-v" or "-V":
                return [];
            default:
                while (IsOption(index))
                {
                    index++;
                }

                break;
        }

        return index < arguments.Count ? arguments[index..] : [];
    }

    private void ExamineShell(string shell, List<ShellWord> arguments, Findings findings, int nesting, bool fedByPipe)
    {
        var script = arguments.FindIndex(argument => argument.Value.StartsWith('-') && argument.Value.Contains('c', StringComparison.Ordinal) && !argument.Value.StartsWith("--", StringComparison.Ordinal));
        if (script >= 0 && script + 1 < arguments.Count)
        {
            var text = arguments[script + 1];
            if (!text.IsLiteral)
            {
                findings.Add(CommandRisk.Critical, $"{shell} -c runs a string built at run time");
                return;
            }

            findings.Add(CommandRisk.Medium, $"{shell} -c runs a nested command line, validated too");
            try
            {
                Examine(ShellParser.Parse(text.Value), findings, nesting + 1);
            }
            catch (ShellSyntaxException exception)
            {
                findings.Add(CommandRisk.Critical, $"{shell} -c: {exception.Message}");
            }

            return;
        }

        findings.Add(CommandRisk.Critical, fedByPipe
            ? $"pipes text into {shell}, which runs it unseen"
            : $"{shell} without -c runs commands the validator cannot read");
    }

    private void ExamineSpecific(string name, List<ShellWord> arguments, Findings findings, int nesting)
    {
        var values = arguments.Select(argument => argument.Value).ToList();
        switch (name)
        {
            case "rm" or "rmdir":
                var recursive = values.Any(value => value is "-r" or "-R" or "--recursive" || (value.StartsWith('-') && !value.StartsWith("--", StringComparison.Ordinal) && (value.Contains('r', StringComparison.Ordinal) || value.Contains('R', StringComparison.Ordinal))));
                var targets = arguments.Where(argument => !argument.Value.StartsWith('-') || argument.Value == "-").ToList();
                if (targets.Any(target => IsCatastrophicTarget(target)))
                {
                    findings.Add(CommandRisk.Critical, "deletes the root, the home folder or a system folder");
                }
                else if (recursive)
                {
                    findings.Add(CommandRisk.High, "deletes recursively");
                }

                if (targets.Any(target => !target.IsLiteral))
                {
                    findings.Add(CommandRisk.High, "deletes paths only known at run time (a variable or a glob)");
                }

                break;
            case "find":
                for (var index = 0; index < values.Count; index++)
                {
                    if (values[index] is "-exec" or "-execdir" or "-ok" or "-okdir")
                    {
                        var end = values.FindIndex(index + 1, value => value is ";" or "+");
                        var inner = arguments[(index + 1)..(end < 0 ? arguments.Count : end)].Where(word => word.Value != "{}").ToList();
                        findings.Add(CommandRisk.Medium, "find runs a command on each file, validated too");
                        ExamineWords(inner, findings, nesting, fedByPipe: false);
                    }
                    else if (values[index] == "-delete")
                    {
                        findings.Add(CommandRisk.High, "find -delete deletes every match");
                    }
                    else if (values[index] is "-fprint" or "-fprintf" or "-fls")
                    {
                        findings.Add(CommandRisk.Medium, "find writes a file");
                    }
                }

                break;
            case "awk" or "gawk" or "mawk":
                if (AwkProgram(values) is { } program && AwkRunsCommands().IsMatch(program))
                {
                    findings.Add(CommandRisk.Critical, "the awk program runs commands (system(), print | \"cmd\", \"cmd\" | getline)");
                }
                else if (values.Contains("-f"))
                {
                    findings.Add(CommandRisk.Medium, "awk runs a program file");
                }

                break;
            case "sed":
                if (values.Any(value => value.StartsWith("-i", StringComparison.Ordinal) || value == "--in-place"))
                {
                    findings.Add(CommandRisk.Medium, "sed -i rewrites files");
                }

                if (SedScripts(values).Any(SedScript.RunsCommands))
                {
                    findings.Add(CommandRisk.Critical, "the sed program runs commands (the e command or the s///e flag)");
                }
                else if (SedScripts(values).Any(SedScript.WritesFiles))
                {
                    findings.Add(CommandRisk.Medium, "the sed program writes files (w)");
                }

                break;
            case "base64" when values.Any(value => value is "-d" or "--decode" or "-D"):
                findings.Add(CommandRisk.Low, "decodes base64 (what it decodes is checked where it goes)");
                break;
            case "dd":
                if (values.Any(value => value.StartsWith("of=/dev/", StringComparison.Ordinal) && !s_harmlessDevices.Contains(value[3..])))
                {
                    findings.Add(CommandRisk.Critical, "dd writes to a device");
                }

                break;
            case "chmod":
                if (values.Any(value => value.Contains('s', StringComparison.Ordinal) && (value.StartsWith('+') || value.Contains("+s", StringComparison.Ordinal) || value.StartsWith('u') || value.StartsWith('g'))) ||
                    values.Any(value => value.Length == 4 && value.All(char.IsAsciiDigit) && value[0] is '2' or '4' or '6' or '7'))
                {
                    findings.Add(CommandRisk.Critical, "chmod sets the setuid or setgid bit");
                }

                if (values.Any(value => value is "777" or "a+rwx" or "o+w"))
                {
                    findings.Add(CommandRisk.High, "chmod makes files writable by everyone");
                }

                break;
            case "kill":
                if (values.Any(value => value is "1" or "-1"))
                {
                    findings.Add(CommandRisk.Critical, "kill targets init or every process");
                }

                break;
            case "nc" or "ncat" or "netcat" or "socat" or "telnet":
                if (values.Any(value => value is "-e" or "-c" or "--exec" or "--sh-exec" || value.StartsWith("exec:", StringComparison.OrdinalIgnoreCase) || value.StartsWith("system:", StringComparison.OrdinalIgnoreCase)))
                {
                    findings.Add(CommandRisk.Critical, $"{name} connects a shell to the network (a reverse shell)");
                }

                break;
            case "curl" or "wget":
                if (values.Any(value => value.StartsWith("file:", StringComparison.OrdinalIgnoreCase)))
                {
                    findings.Add(CommandRisk.Critical, $"{name} reads local files through file://");
                }

                if (values.Any(value => value is "-T" || value.StartsWith("--upload-file", StringComparison.Ordinal) || value.StartsWith("--post-file", StringComparison.Ordinal) ||
                    value.StartsWith("--body-file", StringComparison.Ordinal) || value.StartsWith("--data", StringComparison.Ordinal) || value.StartsWith("-F", StringComparison.Ordinal) || value.StartsWith("-d", StringComparison.Ordinal) && value.Contains('@', StringComparison.Ordinal)))
                {
                    findings.Add(CommandRisk.High, $"{name} uploads data");
                }

                break;
            case "git":
                var sub = values.FirstOrDefault(value => !value.StartsWith('-')) ?? "";
                if (sub is "push" or "clean" or "reset" or "filter-branch" || values.Contains("--force") || values.Contains("-f"))
                {
                    findings.Add(CommandRisk.Medium, $"git {sub} changes or discards history");
                }

                if (values.Any(value => value.StartsWith("core.", StringComparison.Ordinal) || value.StartsWith("--upload-pack", StringComparison.Ordinal) || value.StartsWith("--exec", StringComparison.Ordinal) || value == "-c"))
                {
                    findings.Add(CommandRisk.Critical, "git is told to run a program (core.*, -c, --upload-pack, --exec)");
                }

                break;
        }
    }

    private void ExamineArguments(string name, List<ShellWord> arguments, Findings findings)
    {
        var writes = name is "tee" or "mv" or "touch" or "mkdir" or "truncate" or "rm" or "rmdir" or "chmod" or "chown" or "chgrp" or "dd" or "sed" or "split" or "patch";
        // These read their sources and write only the last path (cp /etc/os-release . reads /etc/os-release).
        var destination = name is "cp" or "ln" or "install" or "rsync" ? arguments.FindLastIndex(argument => !argument.Value.StartsWith('-')) : -1;
        for (var index = 0; index < arguments.Count; index++)
        {
            var argument = arguments[index];
            var value = argument.Value.StartsWith('-') && argument.Value.Contains('=', StringComparison.Ordinal)
                ? argument.Value[(argument.Value.IndexOf('=', StringComparison.Ordinal) + 1)..]
                : name == "dd" && argument.Value.Contains('=', StringComparison.Ordinal) ? argument.Value[(argument.Value.IndexOf('=', StringComparison.Ordinal) + 1)..] : argument.Value;
            if (!argument.IsLiteral && argument.Traits.HasFlag(WordTraits.Variable))
            {
                findings.Add(CommandRisk.Medium, $"'{argument.Raw}' expands a variable");
            }

            ExaminePath(value, argument, writes || index == destination, findings);
        }
    }

    // Every $(( closes with )) written together, as arithmetic does; otherwise bash runs a command.
    private static bool ArithmeticIsClosedByDoubleParenthesis(string raw)
    {
        for (var start = raw.IndexOf("$((", StringComparison.Ordinal); start >= 0; start = raw.IndexOf("$((", start + 3, StringComparison.Ordinal))
        {
            var depth = 0;
            var at = start + 1;
            for (; at < raw.Length; at++)
            {
                depth += raw[at] switch { '(' => 1, ')' => -1, _ => 0 };
                if (depth == 0)
                {
                    break;
                }
            }

            if (at >= raw.Length || raw[at - 1] != ')')
            {
                return false;
            }
        }

        return true;
    }

    // The program is the first argument that is not an option (or an option's value), unless -f gives a file.
    private static string? AwkProgram(List<string> values)
    {
        for (var index = 0; index < values.Count; index++)
        {
            if (values[index] == "-f")
            {
                return null;
            }

            if (values[index] is "-F" or "-v")
            {
                index++;
            }
            else if (!values[index].StartsWith('-') || values[index] == "-")
            {
                return values[index];
            }
        }

        return null;
    }

    // sed's scripts: each -e value, or the first argument that is not an option.
    private static IEnumerable<string> SedScripts(List<string> values)
    {
        var given = false;
        for (var index = 0; index < values.Count; index++)
        {
            if (values[index] is "-e" or "--expression" && index + 1 < values.Count)
            {
                given = true;
                yield return values[++index];
            }
        }

        if (!given && values.FirstOrDefault(value => !value.StartsWith('-')) is { } script)
        {
            yield return script;
        }
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"\bsystem\s*\(|\|\s*""|\|\s*getline|\|&")]
    private static partial System.Text.RegularExpressions.Regex AwkRunsCommands();

    private void ExamineRedirections(IReadOnlyList<ShellRedirection> redirections, Findings findings)
    {
        foreach (var redirection in redirections)
        {
            if (redirection.Operator is ">&" or "<&" && (redirection.Target.Value.All(char.IsAsciiDigit) || redirection.Target.Value == "-"))
            {
                continue;
            }

            var writes = s_writeOperators.Contains(redirection.Operator) || redirection.Operator == ">&";
            if (writes)
            {
                findings.Add(CommandRisk.Low, $"writes to {redirection.Target.Value}");
            }

            if (redirection.Operator is "<<" or "<<-" or "<<<")
            {
                continue;
            }

            ExaminePath(redirection.Target.Value, redirection.Target, writes, findings);
        }
    }

    private void ExaminePath(string value, ShellWord word, bool writes, Findings findings)
    {
        if (value.StartsWith("/dev/tcp/", StringComparison.Ordinal) || value.StartsWith("/dev/udp/", StringComparison.Ordinal))
        {
            findings.Add(CommandRisk.Critical, $"{value} opens a network connection (a reverse shell)");
            return;
        }

        if (s_secrets.Any(secret => value.Contains(secret, StringComparison.Ordinal)))
        {
            findings.Add(CommandRisk.Critical, $"{value} holds secrets");
            return;
        }

        var looksLikePath = value.Contains('/', StringComparison.Ordinal) || value is ".." or "~" || word.Traits.HasFlag(WordTraits.Tilde);
        if (!looksLikePath || value.Contains("://", StringComparison.Ordinal) || s_harmlessDevices.Contains(value))
        {
            return;
        }

        var full = Resolve(value, word);
        if (full is null || IsInsideWorkRoot(full))
        {
            return;
        }

        if (writes && IsSystemPath(full))
        {
            findings.Add(CommandRisk.Critical, $"writes to the system path {full}");
        }
        else if (writes)
        {
            findings.Add(CommandRisk.Critical, $"{value} escapes the work folder");
        }
        else if (value.Contains("..", StringComparison.Ordinal))
        {
            findings.Add(CommandRisk.High, $"{value} climbs out of the work folder");
        }
        else
        {
            findings.Add(CommandRisk.Medium, $"reads {full}, outside the work folder");
        }
    }

    private bool IsCatastrophicTarget(ShellWord target)
    {
        var value = target.Value.TrimEnd('/');
        if (value is "" or "*" or "/*" or "~" or "." or ".." || target.Traits.HasFlag(WordTraits.Tilde) && value.Length <= 2 || value.Contains("$HOME", StringComparison.Ordinal))
        {
            return true;
        }

        var full = Resolve(target.Value, target);
        return full is not null && (full == "/" || (IsSystemPath(full) && full.Count(character => character == '/') <= 2) || full == _workRoot);
    }

    private string? Resolve(string value, ShellWord word)
    {
        // A command's HOME is its session folder: ~ is there, as the shell will expand it (~user is another home).
        if (word.Traits.HasFlag(WordTraits.Tilde) || value.StartsWith('~'))
        {
            return value is "~" || value.StartsWith("~/", StringComparison.Ordinal) ? _workRoot + value[1..] : "/home/" + value[1..];
        }

        try
        {
            return Path.GetFullPath(Path.IsPathRooted(value) ? value : Path.Combine(_workRoot, value)).TrimEnd('/') is { Length: > 0 } full ? full : "/";
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    private bool IsInsideWorkRoot(string full) => full == _workRoot || full.StartsWith(_workRoot + "/", StringComparison.Ordinal);

    private static bool IsSystemPath(string full) =>
        full == "/" || s_systemPaths.Any(system => full == system || full.StartsWith(system + "/", StringComparison.Ordinal));

    private sealed class Findings
    {
        private readonly List<(CommandRisk Risk, string Reason)> _items = [];

        public CommandRisk Risk => _items.Count == 0 ? CommandRisk.Safe : _items.Max(item => item.Risk);

        public IReadOnlyList<string> Reasons => [.. _items.OrderByDescending(item => item.Risk).Select(item => $"{item.Risk.ToString().ToUpperInvariant()}: {item.Reason}").Distinct()];

        public void Add(CommandRisk risk, string reason) => _items.Add((risk, reason));
    }
}
