namespace Aspire.Hosting.ApplicationModel;

/// <summary>
/// The account a component's image runs its process as (its <c>USER</c>), by number. A cluster gives a fresh volume
/// claim to root; the Kubernetes artifacts give such a pod this user, its group and the group as <c>fsGroup</c>, so
/// that the volumes it writes to are its own.
/// </summary>
/// <param name="UserId">The image's user id (not 0: an image that starts as root owns its volumes already).</param>
/// <param name="GroupId">The group its files belong to.</param>
public sealed record PlatformContainerUserAnnotation(long UserId, long GroupId) : IResourceAnnotation
{
    /// <summary>The user of the .NET SDK's container images (the official images' <c>APP_UID</c>, account <c>app</c>).</summary>
    internal static PlatformContainerUserAnnotation DotNetApp { get; } = new(1654, 1654);
}
