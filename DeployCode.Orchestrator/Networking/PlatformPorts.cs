using Aspire.Hosting.ApplicationModel;

namespace DeployCode.Orchestrator.Networking;

/// <summary>The platform port of every component that has one: what validation checks for clashes.</summary>
internal static class PlatformPorts
{
    /// <summary>Component name → its platform port (configured, or from the platform table).</summary>
    public static IReadOnlyDictionary<string, int> Of(IEnumerable<IResource> resources) => resources
        .Select(resource => (resource.Name, Ports: resource.Annotations.OfType<PlatformPortAnnotation>().LastOrDefault()))
        .Where(entry => entry.Ports is not null)
        .ToDictionary(entry => entry.Name, entry => entry.Ports!.PlatformPort, StringComparer.Ordinal);
}
