using Aspire.Hosting.ApplicationModel;

namespace DeployCode.Orchestrator.Runtime;

/// <summary>Image references of the model's containers, as the engine and the artifacts name them.</summary>
internal static class ContainerImages
{
    /// <summary>The reference a container runs from: registry, image, and tag or digest; null for a resource without an image.</summary>
    public static string? Reference(IResource resource)
    {
        return resource.Annotations.OfType<ContainerImageAnnotation>().LastOrDefault() is { } image
            ? new Configuration.ImageReference(image.Registry, image.Image, image.Tag, image.SHA256).ToString()
            : null;
    }
}
