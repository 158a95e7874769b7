using DeployCode.McpGithub;
using DeployCode.McpGithub.GitHub;
using Microsoft.Extensions.Options;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddPlatformAuthentication();
builder.Services.AddOptions<GitHubOptions>().BindConfiguration(GitHubOptions.SectionName);
builder.Services.AddSingleton(TimeProvider.System);
// GitHub is outside the platform: no service discovery for it, only its own timeout.
builder.Services.AddHttpClient<GitHubApi>(GitHubApi.ClientName, (services, client) =>
    client.Timeout = services.GetRequiredService<IOptions<GitHubOptions>>().Value.Timeout);
builder.Services.AddHealthChecks()
    .AddAuthServiceKeys()
    .AddCheck<GitHubHealthCheck>("github");

// Stateless streamable HTTP: every request stands alone, so any replica can answer it.
builder.Services.AddMcpServer(server => server.ServerInfo = new() { Name = "mcp-github", Version = "1.0.0" })
    .WithHttpTransport(transport => transport.Stateless = true)
    .WithTools<GitHubTools>();

var app = builder.Build();
app.UsePlatformAuthentication();
app.MapDefaultEndpoints();
app.MapMcp("/mcp");
await app.RunAsync();
