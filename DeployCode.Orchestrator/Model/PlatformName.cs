namespace DeployCode.Orchestrator.Model;

/// <summary>
/// What the AppHost calls its platform (<c>AddDeployCodeOrchestrator(…, platformName:)</c>): how the log and the
/// deployment's trace name it, Grafana's dashboards, and, as a slug, the artifacts' network, labels and secret.
/// </summary>
internal sealed record PlatformName
{
    private PlatformName(string display, string slug)
    {
        Display = display;
        Slug = slug;
    }

    /// <summary>The name when the AppHost gives none.</summary>
    public static PlatformName Default { get; } = From("platform");

    /// <summary>As people read it: <c>Online shop</c>.</summary>
    public string Display { get; }

    /// <summary>As artifacts carry it: lower case, words joined by hyphens (<c>online-shop</c>).</summary>
    public string Slug { get; }

    /// <summary>The name <paramref name="display"/>; it must hold a letter or digit to make a slug of.</summary>
    public static PlatformName From(string display)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(display);
        var words = new string([.. display.Trim().ToLowerInvariant().Select(character => char.IsAsciiLetterOrDigit(character) ? character : ' ')])
            .Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var slug = string.Join('-', words);
        return slug.Length is > 0 and <= 50
            ? new PlatformName(display.Trim(), slug)
            : throw new ArgumentException($"'{display}' cannot name a platform: give ASCII letters or digits (50 at most once joined by hyphens), such as \"Online shop\".", nameof(display));
    }
}
