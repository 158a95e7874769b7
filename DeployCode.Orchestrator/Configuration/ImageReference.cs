namespace DeployCode.Orchestrator.Configuration;

/// <summary>An image reference in its parts, as Aspire's <c>ContainerImageAnnotation</c> holds them.</summary>
/// <param name="Registry">The registry host (and path), or null for the engine's default (Docker Hub).</param>
/// <param name="Repository">The repository, such as <c>library/postgres</c> or <c>grafana/grafana</c>.</param>
/// <param name="Tag">The tag; null when a digest names the image.</param>
/// <param name="Digest">The SHA-256 digest in hex (without <c>sha256:</c>), or null.</param>
internal sealed record ImageReference(string? Registry, string Repository, string? Tag, string? Digest = null)
{
    /// <summary>
    /// Splits a full reference. The first part is a registry when it has a dot or a port, or is <c>localhost</c>,
    /// as the engines decide it.
    /// </summary>
    public static ImageReference Parse(string reference)
    {
        ArgumentException.ThrowIfNullOrEmpty(reference);
        string? digest = null;
        var at = reference.IndexOf("@sha256:", StringComparison.Ordinal);
        if (at >= 0)
        {
            digest = reference[(at + "@sha256:".Length)..];
            reference = reference[..at];
        }

        string? tag = null;
        var colon = reference.LastIndexOf(':');
        if (colon > reference.LastIndexOf('/'))
        {
            tag = reference[(colon + 1)..];
            reference = reference[..colon];
        }

        var slash = reference.IndexOf('/', StringComparison.Ordinal);
        var first = slash < 0 ? null : reference[..slash];
        return first is not null && IsRegistryHost(first)
            ? new ImageReference(first, reference[(slash + 1)..], tag, digest)
            : new ImageReference(null, reference, tag, digest);
    }

    /// <summary>Whether the first part of a reference names a registry rather than a Docker Hub account, as the engines decide it.</summary>
    public static bool IsRegistryHost(string first)
    {
        ArgumentNullException.ThrowIfNull(first);
        return first.Contains('.', StringComparison.Ordinal) || first.Contains(':', StringComparison.Ordinal) || first == "localhost";
    }

    /// <summary>Whether <paramref name="tag"/> is a tag the engines accept: up to 128 of letters, digits, '_', '.' and '-', not starting with '.' or '-'.</summary>
    public static bool IsTag(string tag)
    {
        ArgumentNullException.ThrowIfNull(tag);
        return tag.Length is > 0 and <= 128 && tag[0] is not ('.' or '-') && tag.All(character => char.IsAsciiLetterOrDigit(character) || character is '_' or '.' or '-');
    }

    /// <inheritdoc/>
    public override string ToString()
    {
        var name = Registry is { Length: > 0 } ? $"{Registry}/{Repository}" : Repository;
        var tagged = Tag is { Length: > 0 } ? $"{name}:{Tag}" : name;
        return Digest is { Length: > 0 } ? $"{tagged}@sha256:{Digest}" : tagged;
    }
}
