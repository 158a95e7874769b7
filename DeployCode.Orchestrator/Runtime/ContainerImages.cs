using Aspire.Hosting.ApplicationModel;

namespace DeployCode.Orchestrator.Runtime;

/// <summary>Image references of the model's containers, as the engine and the artifacts name them.</summary>
internal static class ContainerImages
{
    /// <summary>The reference a container runs from: registry, image, and tag or digest; null for a resource without an image.</summary>
    public static string? Reference(IResource resource)
    {
        if (resource.Annotations.OfType<ContainerImageAnnotation>().LastOrDefault() is not { } image)
        {
            return null;
        }

        var name = image.Registry is { Length: > 0 } registry ? $"{registry}/{image.Image}" : image.Image;
        return image.SHA256 is { Length: > 0 } digest ? $"{name}@sha256:{digest}" : image.Tag is { Length: > 0 } tag ? $"{name}:{tag}" : name;
    }
}
