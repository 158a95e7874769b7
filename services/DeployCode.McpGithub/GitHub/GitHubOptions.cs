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

    /// <summary>
    /// The toolsets to offer, comma-separated, as the reference server's <c>GITHUB_TOOLSETS</c>: <c>default</c> when
    /// empty, <c>all</c>, or names from <see cref="GitHubToolsets.All"/>.
    /// </summary>
    public string? Toolsets { get; set; }

    /// <summary>Single tools to offer besides the toolsets, comma-separated (the reference's <c>GITHUB_TOOLS</c>).</summary>
    public string? Tools { get; set; }

    /// <summary>Offer only the tools that change nothing on GitHub (the reference's <c>--read-only</c>).</summary>
    public bool ReadOnly { get; set; }

    /// <summary>How long one API call may take.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);
}
