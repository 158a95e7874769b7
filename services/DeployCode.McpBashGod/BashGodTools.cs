using System.ComponentModel;
using System.Security.Claims;
using System.Text.Json;
using DeployCode.McpBashGod.Sandbox;
using DeployCode.McpBashGod.Templates;
using DeployCode.McpBashGod.Validation;
using Microsoft.Extensions.Options;
using ModelContextProtocol;
using ModelContextProtocol.Server;

namespace DeployCode.McpBashGod;

/// <summary>
/// BashGod's tools: validate a command, run one or a chain (after validation, in the caller's working folder, in the
/// sandbox), the catalogue of vetted templates, and the system's status. Running needs an operator or admin token (the MCP hosting's rule for every tool that is not read-only);
/// validating and reading the catalogue need any valid token.
/// </summary>
[McpServerToolType]
internal sealed class BashGodTools(SandboxRunner sandbox, SandboxAvailability availability, CommandSlots slots, IHttpContextAccessor http, IOptions<BashGodOptions> options)
{
    private static readonly JsonSerializerOptions s_output = new() { WriteIndented = true };

    [McpServerTool(Name = "validate_command", ReadOnly = true), Description("Validate a command line without running it. Answers JSON: allowed, risk (SAFE, LOW, MEDIUM, HIGH, CRITICAL) and reasons.")]
    public string ValidateCommand(
        [Description("The command line")] string command,
        [Description("Whether a HIGH-risk command would be confirmed")] bool confirm = false)
    {
        var verdict = new CommandValidator(Session().Folder).Validate(command, confirm);
        return Json(new { allowed = verdict.Allowed, risk = verdict.Risk.ToString().ToUpperInvariant(), needsConfirmation = verdict.NeedsConfirmation, reasons = verdict.Reasons });
    }

    [McpServerTool(Name = "execute_command", Destructive = true), Description("Validate, then run a command line in your working folder, in a sandbox (its own namespaces: it sees /usr read-only, a private /tmp and your folder, the only place it can write; no network unless the operator allows it; CPU, memory, time and output limits; whatever it starts ends with it). CRITICAL commands never run; HIGH ones need confirm: true.")]
    public async Task<string> ExecuteCommandAsync(
        [Description("The command line")] string command,
        [Description("Confirm a HIGH-risk command")] bool confirm = false,
        [Description("Time limit in seconds (default 30, at most 300)")] int? timeout_seconds = null,
        CancellationToken cancellationToken = default)
    {
        var session = Session();
        Refuse(command, new CommandValidator(session.Folder).Validate(command, confirm));
        return Json(await RunAsync(command, session, timeout_seconds, cancellationToken));
    }

    [McpServerTool(Name = "execute_chain", Destructive = true), Description("Validate every command first, then run them: sequential (all, in order), stop_on_error (in order, stopping at the first failure) or parallel. Nothing runs if any command is refused.")]
    public async Task<string> ExecuteChainAsync(
        [Description("The command lines")] string[] commands,
        [Description("sequential, stop_on_error or parallel")] string mode = "sequential",
        [Description("Confirm HIGH-risk commands")] bool confirm = false,
        [Description("Time limit of each command in seconds")] int? timeout_seconds = null,
        CancellationToken cancellationToken = default)
    {
        if (commands.Length == 0)
        {
            throw new McpException("Give at least one command.");
        }

        var session = Session();
        var validator = new CommandValidator(session.Folder);
        foreach (var command in commands)
        {
            Refuse(command, validator.Validate(command, confirm));
        }


        var runs = new List<CommandRun>();
        switch (mode)
        {
            case "parallel":
                runs.AddRange(await Task.WhenAll(commands.Select(command => RunAsync(command, session, timeout_seconds, cancellationToken))));
                break;
            case "sequential" or "stop_on_error":
                foreach (var command in commands)
                {
                    var run = await RunAsync(command, session, timeout_seconds, cancellationToken);
                    runs.Add(run);
                    if (mode == "stop_on_error" && !run.Succeeded)
                    {
                        break;
                    }
                }

                break;
            default:
                throw new McpException($"mode must be sequential, stop_on_error or parallel, not '{mode}'.");
        }

        return Json(new { mode, ran = runs.Count, of = commands.Length, succeeded = runs.All(run => run.Succeeded) && runs.Count == commands.Length, results = runs });
    }

    [McpServerTool(Name = "list_command_templates", ReadOnly = true), Description("The catalogue of vetted command templates, optionally of one category (files, text, git, system). Fill in the {parameters} and run with execute_command.")]
    public static string ListCommandTemplates([Description("Only this category")] string? category = null) =>
        Json(CommandTemplates.All.Where(template => category is null || template.Category.Equals(category, StringComparison.OrdinalIgnoreCase)));

    [McpServerTool(Name = "search_command_templates", ReadOnly = true), Description("Templates whose name, description, category or command contains the query.")]
    public static string SearchCommandTemplates([Description("Text to search for")] string query) => Json(CommandTemplates.Search(query));

    [McpServerTool(Name = "system_status", ReadOnly = true), Description("Load, memory, the work folder's free space, commands running against the limit, and the sandbox: whether commands can run, and on which network.")]
    public async Task<string> SystemStatusAsync(CancellationToken cancellationToken = default)
    {
        var load = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[..3] : [];
        var memory = File.Exists("/proc/meminfo")
            ? File.ReadLines("/proc/meminfo").Select(line => line.Split(':', 2)).Where(parts => parts[0] is "MemTotal" or "MemAvailable")
                .ToDictionary(parts => parts[0], parts => parts[1].Trim())
            : [];
        var drive = new DriveInfo(options.Value.WorkRoot);
        var state = await availability.StateAsync(cancellationToken);
        return Json(new
        {
            mode = "restricted",
            sandbox = new { runs = state.Problem is null, ownProc = state.OwnProc, state = state.Description, network = options.Value.Network },
            loadAverage = load,
            memory,
            workFolderFreeBytes = drive.AvailableFreeSpace,
            runningCommands = slots.Running,
            maxConcurrentCommands = options.Value.MaxConcurrentCommands,
            processorCount = Environment.ProcessorCount,
        });
    }

    private async Task<CommandRun> RunAsync(string command, Session session, int? timeoutSeconds, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var seconds = Math.Clamp(timeoutSeconds ?? settings.DefaultTimeoutSeconds, 1, settings.MaxTimeoutSeconds);
        using var slot = await slots.EnterAsync(cancellationToken);
        return await sandbox.RunAsync(command, session, TimeSpan.FromSeconds(seconds), cancellationToken);
    }

    private Session Session() => sandbox.SessionFor(User.FindFirstValue("sub") ?? "anonymous");

    private ClaimsPrincipal User => http.HttpContext?.User ?? new ClaimsPrincipal();

    private static void Refuse(string command, CommandVerdict verdict)
    {
        if (!verdict.Allowed)
        {
            throw new McpException(verdict.NeedsConfirmation
                ? $"'{command}' is HIGH risk and runs only with confirm: true. {string.Join("; ", verdict.Reasons)}"
                : $"'{command}' is refused ({verdict.Risk.ToString().ToUpperInvariant()}): {string.Join("; ", verdict.Reasons)}");
        }
    }

    private static string Json(object value) => JsonSerializer.Serialize(value, s_output);
}
