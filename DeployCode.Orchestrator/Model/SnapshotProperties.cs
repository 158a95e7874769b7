using System.Collections.Immutable;
using Aspire.Hosting.ApplicationModel;

namespace DeployCode.Orchestrator.Model;

/// <summary>Replaces one dashboard property of a resource snapshot, keeping the others.</summary>
internal static class SnapshotProperties
{
    public static ImmutableArray<ResourcePropertySnapshot> With(this ImmutableArray<ResourcePropertySnapshot> properties, string name, object value)
    {
        var existing = properties.FirstOrDefault(property => property.Name == name);
        var replacement = OrchestratorProperties.Create(name, value);
        return existing is null ? properties.Add(replacement) : properties.Replace(existing, replacement);
    }
}
