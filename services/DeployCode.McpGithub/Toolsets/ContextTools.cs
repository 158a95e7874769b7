using System.ComponentModel;
using DeployCode.McpGithub.GitHub;
using ModelContextProtocol.Server;

namespace DeployCode.McpGithub.Toolsets;

/// <summary>The <c>context</c> toolset: who the token belongs to.</summary>
[McpServerToolType]
internal sealed class ContextTools(GitHubApi api) : GitHubToolset(api)
{
    [McpServerTool(Name = "get_me", Title = "Get my user profile", ReadOnly = true, OpenWorld = true)]
    [Description("The GitHub user the platform's token belongs to: login, name, profile and counts. Useful before other calls that need an owner.")]
    public Task<string> GetMeAsync(CancellationToken cancellationToken = default) => GetAsync("user", cancellationToken);
}
