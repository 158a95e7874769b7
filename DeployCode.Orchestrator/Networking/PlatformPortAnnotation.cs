namespace Aspire.Hosting.ApplicationModel;

/// <summary>
/// The ports a component has on the platform: where it listens on this machine, and the ports it
/// publishes in containers and manifests (an entry point: 8088 here, say, 80 and 443 in production).
/// </summary>
/// <param name="PlatformPort">The port of the platform table (or its configured override).</param>
/// <param name="LocalPort">The port it listens on in this run: the platform port, or a reassigned one.</param>
/// <param name="PublishedPorts">The ports published by Compose and Kubernetes.</param>
internal sealed record PlatformPortAnnotation(int PlatformPort, int LocalPort, IReadOnlyList<int> PublishedPorts) : IResourceAnnotation;
