using DeployCode.McpBashGod;
using DeployCode.McpBashGod.Sandbox;
using DeployCode.McpHosting;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddPlatformAuthentication();
builder.Services.AddOptions<BashGodOptions>().BindConfiguration(BashGodOptions.SectionName);

// Commands run in per-user folders under this one; the AppHost gives it under its state folder.
var settings = builder.Configuration.GetSection(BashGodOptions.SectionName).Get<BashGodOptions>() ?? new BashGodOptions();
if (string.IsNullOrEmpty(settings.WorkRoot))
{
    throw new InvalidOperationException("BashGod:WorkRoot must name the folder commands run in (BashGod__WorkRoot=/path).");
}

if (settings.Problems() is { Count: > 0 } problems)
{
    throw new InvalidOperationException($"mcp-bashgod cannot start: {string.Join(" ", problems)}");
}

Directory.CreateDirectory(settings.WorkRoot);
builder.Services.AddHealthChecks()
    .AddAuthServiceKeys()
    .AddWritableDirectory("work-root", settings.WorkRoot)
    .AddCheck<SandboxHealthCheck>("sandbox");
builder.Services.AddHttpContextAccessor();
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddSingleton<SessionFolders>();
builder.Services.AddSingleton<SandboxAvailability>();
builder.Services.AddSingleton<SandboxRunner>();
builder.Services.AddSingleton<CommandSlots>();

builder.AddPlatformMcpServer<BashGodTools>("mcp-bashgod");

var app = builder.Build();
app.UsePlatformAuthentication();
app.MapDefaultEndpoints();
app.MapPlatformMcp();
if (settings.Network == BashGodOptions.NetworkHost)
{
    app.Logger.LogWarning("BashGod:Network is host: commands reach every network this service reaches (set BashGod__Network=none to keep them off it)");
}

await app.RunAsync();
