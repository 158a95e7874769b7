using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;

namespace Aspire.Hosting;

/// <summary>Configuration files a container reads, made from the model.</summary>
public static class PlatformFileBuilderExtensions
{
    /// <summary>
    /// Gives the container the file <paramref name="fileName"/> at <paramref name="target"/> (read-only), its text
    /// made from the model by <paramref name="content"/>. Run mode writes it under the component's state folder
    /// before each start and bind-mounts it; <c>aspire publish</c> writes it beside the Compose file and into a
    /// Kubernetes ConfigMap (<see cref="PlatformFileAnnotation"/>). Either way the container reads the same text.
    /// </summary>
    /// <example>
    /// <code>
    /// grafana.WithPlatformFile("dashboards.yml", "/etc/grafana/provisioning/dashboards/dashboards.yml", _ => providerYaml);
    /// </code>
    /// </example>
    public static IResourceBuilder<T> WithPlatformFile<T>(this IResourceBuilder<T> builder, string fileName, string target, Func<DistributedApplicationModel, string> content)
        where T : ContainerResource
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(fileName);
        ArgumentException.ThrowIfNullOrEmpty(target);
        ArgumentNullException.ThrowIfNull(content);

        builder.WithAnnotation(new PlatformFileAnnotation(fileName, target, content));
        if (builder.ApplicationBuilder.ExecutionContext.IsPublishMode)
        {
            return builder;
        }

        var path = Path.Combine(builder.ApplicationBuilder.GetDeployCode().StateDirectoryFor(builder.Resource.Name), "files", fileName);
        return builder
            .WithBindMount(path, target, isReadOnly: true)
            .OnBeforeResourceStarted(async (_, @event, cancellationToken) =>
            {
                var model = @event.Services.GetRequiredService<DistributedApplicationModel>();
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                await File.WriteAllTextAsync(path, content(model), cancellationToken);
            });
    }
}
