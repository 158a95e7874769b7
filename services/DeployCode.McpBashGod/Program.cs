using DeployCode.McpBashGod;
using DeployCode.McpBashGod.Sandbox;
using DeployCode.McpHosting;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddPlatformAuthentication();
builder.Services.AddOptions<BashGodOptions>().BindConfiguration(BashGodOptions.SectionName);

// Commands run in per-user folders under this one; the AppHost gives it under its state folder.
var workRoot = builder.Configuration["BashGod:WorkRoot"];
if (string.IsNullOrEmpty(workRoot))
{
    throw new InvalidOperationException("BashGod:WorkRoot must name the folder commands run in (BashGod__WorkRoot=/path).");
}

Directory.CreateDirectory(workRoot);
builder.Services.AddHealthChecks()
    .AddAuthServiceKeys()
    .AddWritableDirectory("work-root", workRoot);
builder.Services.AddHttpContextAccessor();
builder.Services.AddSingleton<SandboxRunner>();
builder.Services.AddSingleton<CommandSlots>();

builder.AddPlatformMcpServer<BashGodTools>("mcp-bashgod");

var app = builder.Build();
app.UsePlatformAuthentication();
app.MapDefaultEndpoints();
app.MapPlatformMcp();
await app.RunAsync();
