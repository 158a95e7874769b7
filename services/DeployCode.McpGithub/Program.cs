using DeployCode.McpGithub;
using DeployCode.McpGithub.GitHub;
using DeployCode.McpHosting;
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

builder.AddPlatformMcpServer<GitHubTools>("mcp-github");

var app = builder.Build();
app.UsePlatformAuthentication();
app.MapDefaultEndpoints();
app.MapPlatformMcp();
await app.RunAsync();
