namespace DeployCode.McpGithub.GitHub;

/// <summary>The <c>GitHub</c> section of mcp-github.</summary>
public sealed class GitHubOptions
{
    /// <summary>The section the options bind to.</summary>
    public const string SectionName = "GitHub";

    /// <summary>A personal access token or app token (the AppHost's optional <c>github-token</c> parameter).</summary>
    public string? Token { get; set; }

    /// <summary>The REST API root: api.github.com, or <c>https://HOST/api/v3/</c> for GitHub Enterprise Server.</summary>
    public Uri ApiBaseUrl { get; set; } = new("https://api.github.com/");

    /// <summary>How long one API call may take.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);
}
