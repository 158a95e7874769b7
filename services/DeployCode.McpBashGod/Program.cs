using DeployCode.McpBashGod;
using DeployCode.McpBashGod.Sandbox;

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

// Stateless streamable HTTP: every request stands alone; each user's folder is found from the token.
builder.Services.AddMcpServer(server => server.ServerInfo = new() { Name = "mcp-bashgod", Version = "1.0.0" })
    .WithHttpTransport(transport => transport.Stateless = true)
    .WithTools<BashGodTools>();

var app = builder.Build();
app.UsePlatformAuthentication();
app.MapDefaultEndpoints();
app.MapMcp("/mcp");
await app.RunAsync();
