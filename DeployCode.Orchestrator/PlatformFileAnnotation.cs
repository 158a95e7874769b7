namespace Aspire.Hosting.ApplicationModel;

/// <summary>
/// A configuration file a published component needs (Prometheus's configuration and rules, say): written
/// beside the Compose file and bind-mounted, or put in a ConfigMap and mounted on Kubernetes.
/// </summary>
/// <param name="FileName">The file's name.</param>
/// <param name="Target">Where the component reads it.</param>
/// <param name="Content">Its text, made from the model when publishing.</param>
public sealed record PlatformFileAnnotation(string FileName, string Target, Func<DistributedApplicationModel, string> Content) : IResourceAnnotation;
