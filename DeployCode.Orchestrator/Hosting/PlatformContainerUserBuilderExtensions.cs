using Aspire.Hosting.ApplicationModel;

namespace Aspire.Hosting;

/// <summary>The unprivileged account a component's image runs as.</summary>
public static class PlatformContainerUserBuilderExtensions
{
    /// <summary>
    /// Says that the component's image runs as <paramref name="userId"/>:<paramref name="groupId"/> (its Dockerfile's
    /// <c>USER</c>), so that the published Kubernetes pod runs as that user, refuses to run as root, and gets its
    /// volumes owned by <paramref name="groupId"/> (<c>fsGroup</c>). The platform's .NET services need no call: their
    /// images run as the SDK's user <c>app</c> (1654).
    /// </summary>
    /// <example>
    /// <code>
    /// builder.AddContainer("metrics", "prom/prometheus", "v3.5.0").WithPlatformContainerUser(65534, 65534); // nobody
    /// </code>
    /// </example>
    public static IResourceBuilder<T> WithPlatformContainerUser<T>(this IResourceBuilder<T> builder, long userId, long groupId) where T : IResource
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(userId);
        ArgumentOutOfRangeException.ThrowIfNegative(groupId);
        return builder.WithAnnotation(new PlatformContainerUserAnnotation(userId, groupId), ResourceAnnotationMutationBehavior.Replace);
    }
}
