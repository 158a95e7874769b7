using DeployCode.McpFilesystem;
using ModelContextProtocol.AspNetCore;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddPlatformAuthentication();
builder.Services.AddOptions<FilesystemOptions>().BindConfiguration(FilesystemOptions.SectionName);

// The folders the file tools are confined to; the AppHost gives one under its state folder.
var roots = builder.Configuration.GetSection("Filesystem:Roots").Get<string[]>() ?? [];
if (roots.Length == 0)
{
    throw new InvalidOperationException("Filesystem:Roots must name at least one folder (Filesystem__Roots__0=/path).");
}

var checks = builder.Services.AddHealthChecks().AddAuthServiceKeys();
for (var i = 0; i < roots.Length; i++)
{
    Directory.CreateDirectory(roots[i]);
    checks.AddWritableDirectory($"root-{i}", roots[i]);
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
