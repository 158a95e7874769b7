using Aspire.Hosting.ApplicationModel;

namespace Aspire.Hosting;

/// <summary>Services that make sandboxes for the commands they run.</summary>
public static class PlatformSandboxBuilderExtensions
{
    /// <summary>
    /// Says the service makes bubblewrap sandboxes for commands, so its published container may create namespaces:
    /// a seccomp profile that allows the calls doing so and refuses the kernel's dangerous ones (the engines'
    /// default profiles refuse both), no capabilities, no privilege escalation, and, as bubblewrap mounts inside
    /// its namespaces, no AppArmor profile (the engines' default one refuses every mount). Written beside the
    /// artifacts as <c>&lt;name&gt;/seccomp.json</c> (Compose) and <c>&lt;name&gt;-seccomp.json</c> (Kubernetes, a
    /// Localhost profile each node must hold).
    /// </summary>
    /// <example>
    /// <code>
    /// builder.AddProject&lt;Projects.Runner&gt;("runner").WithPlatformCommandSandbox();
    /// </code>
    /// </example>
    public static IResourceBuilder<T> WithPlatformCommandSandbox<T>(this IResourceBuilder<T> builder) where T : IResource
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.WithAnnotation(new PlatformSandboxAnnotation(), ResourceAnnotationMutationBehavior.Replace);
    }
}
