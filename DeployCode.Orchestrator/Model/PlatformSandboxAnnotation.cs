namespace Aspire.Hosting.ApplicationModel;

/// <summary>
/// Marks a service that runs untrusted commands in sandboxes of its own (bubblewrap: user, pid, mount and network
/// namespaces). Its published container gets what that needs and no more; see
/// <see cref="Aspire.Hosting.PlatformSandboxBuilderExtensions.WithPlatformCommandSandbox{T}"/>.
/// </summary>
public sealed record PlatformSandboxAnnotation : IResourceAnnotation;
