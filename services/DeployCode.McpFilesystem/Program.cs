using DeployCode.McpFilesystem;
using DeployCode.McpFilesystem.Files;
using DeployCode.McpHosting;

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

builder.AddPlatformMcpServer<FilesystemTools>("mcp-filesystem");

var app = builder.Build();
app.UsePlatformAuthentication();
app.MapDefaultEndpoints();
app.MapPlatformMcp();
await app.RunAsync();
