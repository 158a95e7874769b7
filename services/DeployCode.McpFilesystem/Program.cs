using DeployCode.McpFilesystem;
using DeployCode.McpFilesystem.Files;
using ModelContextProtocol.AspNetCore;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddPlatformAuthentication();
builder.Services.AddOptions<FilesystemOptions>().BindConfiguration(FilesystemOptions.SectionName);

// The folders the file tools are confined to (the AppHost gives one under its state folder), resolved once.
var roots = new AllowedRoots(builder.Configuration.GetSection("Filesystem:Roots").Get<string[]>() ?? []);
builder.Services.AddSingleton(roots);
var checks = builder.Services.AddHealthChecks().AddAuthServiceKeys();
for (var i = 0; i < roots.Roots.Count; i++)
{
    checks.AddWritableDirectory($"root-{i}", roots.Roots[i]);
}

// Stateless streamable HTTP: every request stands alone, so any replica can answer it.
builder.Services.AddMcpServer(server => server.ServerInfo = new() { Name = "mcp-filesystem", Version = "1.0.0" })
    .WithHttpTransport(transport => transport.Stateless = true)
    .WithTools<FilesystemTools>();

var app = builder.Build();
app.UsePlatformAuthentication();
app.MapDefaultEndpoints();
// A valid token is needed before any tool runs (the fallback policy holds for /mcp too).
app.MapMcp("/mcp");
await app.RunAsync();
