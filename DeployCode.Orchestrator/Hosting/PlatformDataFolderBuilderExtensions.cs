using Aspire.Hosting.ApplicationModel;

namespace Aspire.Hosting;

/// <summary>A folder a platform service keeps its files in, here and in the published artifacts.</summary>
public static class PlatformDataFolderBuilderExtensions
{
    /// <summary>Where the folder is mounted in a published container.</summary>
    internal const string ContainerPath = "/var/lib/deploy-code/data";

    /// <summary>
    /// Tells the service its data folder through <paramref name="variable"/>: here, the service's folder under the
    /// state folder (shared by its replicas); in the published artifacts, a named volume mounted at
    /// <see cref="ContainerPath"/> (a claim on Kubernetes).
    /// </summary>
    /// <example>
    /// <code>
    /// service.WithPlatformDataFolder("Filesystem__Roots__0");
    /// </code>
    /// </example>
    public static IResourceBuilder<T> WithPlatformDataFolder<T>(this IResourceBuilder<T> builder, string variable) where T : IResourceWithEnvironment
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(variable);

        var service = builder.Resource.ServiceName();
        if (builder.ApplicationBuilder.ExecutionContext.IsPublishMode)
        {
            return builder
                .WithAnnotation(new ContainerMountAnnotation(builder.ApplicationBuilder.GetDeployCode().VolumeName(service), ContainerPath, ContainerMountType.Volume, isReadOnly: false))
                .WithEnvironment(variable, ContainerPath);
        }

        return builder.WithEnvironment(variable, builder.ApplicationBuilder.GetDeployCode().StateDirectoryFor(service));
    }
}
