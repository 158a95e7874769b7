using Aspire.Hosting.ApplicationModel;

namespace Aspire.Hosting;

/// <summary>What the platform's annotations say of a resource, read the one way every part of the orchestrator reads it.</summary>
internal static class PlatformResourceExtensions
{
    /// <summary>The service a resource stands for: itself, or the service it is a replica of.</summary>
    public static string ServiceName(this IResource resource)
    {
        ArgumentNullException.ThrowIfNull(resource);
        return resource.Annotations.OfType<PlatformReplicaAnnotation>().LastOrDefault()?.PrimaryName ?? resource.Name;
    }

    /// <summary>Whether the platform can run without <paramref name="resource"/>.</summary>
    public static bool IsOptionalPlatformComponent(this IResource resource)
    {
        ArgumentNullException.ThrowIfNull(resource);
        return resource.HasAnnotationOfType<PlatformOptionalAnnotation>();
    }

    /// <summary>The account <paramref name="resource"/>'s image runs as, when it is not root: declared, or the SDK's for a project.</summary>
    public static PlatformContainerUserAnnotation? PlatformContainerUser(this IResource resource)
    {
        ArgumentNullException.ThrowIfNull(resource);
        return resource.Annotations.OfType<PlatformContainerUserAnnotation>().LastOrDefault()
            ?? (resource is ProjectResource ? PlatformContainerUserAnnotation.DotNetApp : null);
    }
}
