namespace Aspire.Hosting.ApplicationModel;

/// <summary>
/// A configuration file a container needs (Prometheus's configuration and rules, Grafana's provisioning, say):
/// written beside the Compose file and bind-mounted, or put in a ConfigMap and mounted on Kubernetes; in run mode
/// <see cref="PlatformFileBuilderExtensions.WithPlatformFile"/> also writes it under the state folder and bind-mounts it.
/// </summary>
/// <param name="FileName">The file's name.</param>
/// <param name="Target">Where the component reads it.</param>
/// <param name="Content">Its text, made from the model.</param>
public sealed record PlatformFileAnnotation(string FileName, string Target, Func<DistributedApplicationModel, string> Content) : IResourceAnnotation;
