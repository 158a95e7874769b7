using Aspire.Hosting.ApplicationModel;
using DeployCode.Orchestrator.Configuration;

namespace Aspire.Hosting;

/// <summary>Container images from where the configuration says: a mirror, or a component's own reference.</summary>
public static class PlatformImageBuilderExtensions
{
    /// <summary>
    /// Takes the container's image from <c>DeployCode:Services:&lt;name&gt;:Image</c> when set, else from the mirror
    /// <c>DeployCode:Images:Registry</c> (its repository path kept), else leaves the image the container was given.
    /// Applies to run mode and to the artifacts of <c>aspire publish</c> alike. Call it after the image and tag are set.
    /// </summary>
    /// <example>
    /// <code>
    /// builder.AddContainer("tracing", "jaegertracing/jaeger", "2.10.0").WithPlatformImage();
    /// </code>
    /// </example>
    public static IResourceBuilder<T> WithPlatformImage<T>(this IResourceBuilder<T> builder) where T : ContainerResource
    {
        ArgumentNullException.ThrowIfNull(builder);
        var image = builder.Resource.Annotations.OfType<ContainerImageAnnotation>().LastOrDefault()
            ?? throw new InvalidOperationException($"{builder.Resource.Name} has no image to take from the configuration: give it one first.");

        var standard = new ImageReference(image.Registry, image.Image, image.Tag, image.SHA256);
        var chosen = builder.ApplicationBuilder.GetDeployCode().Settings.Images.Resolve(builder.Resource.Name, standard);
        if (chosen == standard)
        {
            return builder;
        }

        image.Registry = chosen.Registry;
        image.Image = chosen.Repository;
        // Aspire keeps a tag or a digest, not both: setting one clears the other.
        if (chosen.Digest is { } digest)
        {
            image.SHA256 = digest;
        }
        else
        {
            image.Tag = chosen.Tag;
        }

        return builder;
    }
}
