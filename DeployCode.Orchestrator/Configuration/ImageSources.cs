using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;

namespace DeployCode.Orchestrator.Configuration;

/// <summary>
/// Where container images come from: <c>DeployCode:Images:Registry</c>, a mirror that stands in for every
/// image's registry (Docker Hub's <c>postgres:17.6</c> becomes <c>&lt;mirror&gt;/library/postgres:17.6</c>, another
/// registry's image keeps that registry's name as the first part of its path), and
/// <c>DeployCode:Services:&lt;name&gt;:Image</c>, one component's full reference, which wins over the mirror.
/// Both apply in run mode and in the artifacts of <c>aspire publish</c>.
/// </summary>
internal sealed partial class ImageSources
{
    private ImageSources(string? registry, IReadOnlyDictionary<string, string> services)
    {
        Registry = registry;
        Services = services;
    }

    /// <summary>No mirror, no component's own image.</summary>
    public static ImageSources None { get; } = new(null, new Dictionary<string, string>());

    /// <summary>The mirror's host and path, such as <c>registry.example.internal/mirror</c>; null for each image's own registry.</summary>
    public string? Registry { get; }

    /// <summary>Component name → the full image reference configured for it.</summary>
    public IReadOnlyDictionary<string, string> Services { get; }

    /// <summary>Reads <c>Images:Registry</c> and every <c>Services:&lt;name&gt;:Image</c> of the <c>DeployCode</c> section.</summary>
    internal static ImageSources Read(IConfiguration deployCode, List<ConfigurationProblem> problems)
    {
        var images = deployCode.GetSection("Images");
        foreach (var unknown in images.GetChildren().Where(setting => !string.Equals(setting.Key, "Registry", StringComparison.OrdinalIgnoreCase)))
        {
            problems.Add(new(unknown.Path, "is not an image setting", "use Registry (a mirror for every image), or DeployCode:Services:<name>:Image for one component"));
        }

        var registry = images["Registry"]?.Trim();
        if (registry is not null && !(RegistryPattern().IsMatch(registry) && ImageReference.IsRegistryHost(registry.Split('/')[0])))
        {
            // A first part without a dot or port (and not localhost) would be read by the engines as a Docker Hub account.
            problems.Add(new($"{images.Path}:Registry", $"'{registry}' is not a registry",
                "give a registry host (with a dot or a port, or localhost) with an optional path, without a scheme or tag, such as registry.example.internal/mirror or localhost:5000"));
            registry = null;
        }

        var services = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var service in deployCode.GetSection("Services").GetChildren())
        {
            if (service["Image"] is not { } text)
            {
                continue;
            }

            var reference = text.Trim();
            if (ReferencePattern().IsMatch(reference) && ImageReference.Parse(reference) is { Tag: not null } or { Digest: not null })
            {
                services[service.Key] = reference;
            }
            else
            {
                problems.Add(new($"{service.Path}:Image", $"'{text}' is not a full image reference",
                    "give [registry/]repository:tag or repository@sha256:<digest> in lower case, such as registry.example.internal/grafana/grafana:12.1.1"));
            }
        }

        return registry is null && services.Count == 0 ? None : new ImageSources(registry, services);
    }

    /// <summary>
    /// The image <paramref name="component"/> runs, given its default: its own configured reference, or the
    /// default from the mirror, or the default as it is.
    /// </summary>
    /// <returns>The registry (null for the engine's default), the repository, and the tag or digest.</returns>
    public ImageReference Resolve(string component, ImageReference standard)
    {
        ArgumentNullException.ThrowIfNull(component);
        ArgumentNullException.ThrowIfNull(standard);
        if (Services.TryGetValue(component, out var configured))
        {
            return ImageReference.Parse(configured);
        }

        if (Registry is null)
        {
            return standard;
        }

        // Docker Hub's repository paths are kept (official images live under library/); another registry's images
        // are told apart by that registry's name.
        var fromDockerHub = standard.Registry is null or "docker.io" or "index.docker.io";
        var repository = !fromDockerHub ? $"{standard.Registry}/{standard.Repository}"
            : standard.Repository.Contains('/', StringComparison.Ordinal) ? standard.Repository : $"library/{standard.Repository}";
        return standard with { Registry = Registry, Repository = repository };
    }

    [GeneratedRegex(@"^[a-z0-9]([a-z0-9.-]*[a-z0-9])?(:[0-9]{1,5})?(/[a-z0-9]+([._-][a-z0-9]+)*)*$")]
    private static partial Regex RegistryPattern();

    // The engines' reference grammar: an optional registry host (with port), lower-case path components joined by
    // '.', '_', '__' or dashes, then a tag, a digest or both (never the implicit 'latest': see HasTagOrDigest).
    [GeneratedRegex(@"^(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*(?::[0-9]{1,5})?/)?[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*(?::[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(?:@sha256:[a-f0-9]{64})?$")]
    private static partial Regex ReferencePattern();
}
