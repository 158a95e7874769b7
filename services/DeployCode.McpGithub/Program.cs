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

var selection = GitHubToolsets.Select(builder.Configuration.GetSection(GitHubOptions.SectionName).Get<GitHubOptions>() ?? new());
if (selection.Problems.Count > 0)
{
    throw new InvalidOperationException($"mcp-github cannot start: {string.Join(" ", selection.Problems)}");
}

builder.AddPlatformMcpServer("mcp-github").WithToolsWhere(GitHubToolsets.All.Select(toolset => toolset.Tools), selection.Includes);

var app = builder.Build();
app.Logger.LogInformation("mcp-github offers the toolsets {Toolsets}{Tools}{ReadOnly}", string.Join(", ", selection.Toolsets.Select(toolset => toolset.Name)),
    selection.ExtraTools.Count == 0 ? "" : $", and the tools {string.Join(", ", selection.ExtraTools)}", selection.ReadOnly ? ", read-only" : "");
app.UsePlatformAuthentication();
app.MapDefaultEndpoints();
app.MapPlatformMcp();
await app.RunAsync();
