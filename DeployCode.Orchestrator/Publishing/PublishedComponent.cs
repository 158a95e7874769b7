using Aspire.Hosting.ApplicationModel;
using DeployCode.Orchestrator.Configuration;

namespace DeployCode.Orchestrator.Publishing;

/// <summary>
/// One platform component as a deployment artifact needs it, read from the application model in publish mode:
/// what runs, with what, on which ports, after what, with which data, limits and health check.
/// </summary>
/// <param name="Name">The resource name, also its host name on the artifact's network.</param>
/// <param name="Image">The image, with registry and tag.</param>
/// <param name="IsProject">A .NET service of this repository (its image is built by <c>dotnet publish /t:PublishContainer</c>).</param>
/// <param name="Arguments">Arguments after the image's entry point.</param>
/// <param name="Environment">Variables, resolved for the artifact (addresses by component name, parameters as variables).</param>
/// <param name="Ports">What it listens on, and what the platform publishes.</param>
/// <param name="WaitsFor">Components it waits for, and whether it waits until they are healthy.</param>
/// <param name="Calls">Components it references, waited for or not: what it sends requests to.</param>
/// <param name="Volumes">Named volumes and where they are mounted.</param>
/// <param name="Files">Configuration files the deployment provides (generated here), and where they are mounted.</param>
/// <param name="Health">How to tell it is healthy inside the artifact.</param>
/// <param name="Budget">Its budget (production profile unless configured).</param>
/// <param name="Entrypoint">The entry point the model gives in place of the image's own (Aspire runs Redis with <c>/bin/sh</c>), or null.</param>
/// <param name="IsOptional">The platform runs without it (monitoring): its own user interface, not a part of the platform's.</param>
/// <param name="User">The unprivileged account its image runs as, or null for an image that starts as root.</param>
/// <param name="MakesSandboxes">It runs commands in sandboxes of its own (bubblewrap), and its container must let it.</param>
/// <param name="Scrapes">It scrapes every component's metrics, so each must let it in.</param>
internal sealed record PublishedComponent(
    string Name,
    string Image,
    bool IsProject,
    IReadOnlyList<string> Arguments,
    IReadOnlyDictionary<string, string> Environment,
    IReadOnlyList<PublishedPort> Ports,
    IReadOnlyList<PublishedWait> WaitsFor,
    IReadOnlyList<string> Calls,
    IReadOnlyList<PublishedVolume> Volumes,
    IReadOnlyList<PublishedFile> Files,
    PublishedHealth? Health,
    ServiceBudget Budget,
    string? Entrypoint = null,
    bool IsOptional = false,
    PlatformContainerUserAnnotation? User = null,
    bool MakesSandboxes = false,
    bool Scrapes = false)
{
    /// <summary>The platform's entry point: it publishes 80 or 443.</summary>
    public bool IsEdge => Ports.Any(port => port.Published.Any(published => published is 80 or 443));
}

/// <summary>A port: its endpoint name and scheme, where the component listens, and the ports published for it.</summary>
internal sealed record PublishedPort(string Name, string Scheme, int TargetPort, IReadOnlyList<int> Published);

/// <summary>A component waited for; <paramref name="UntilHealthy"/> false means until it has run to completion.</summary>
internal sealed record PublishedWait(string Component, bool UntilHealthy);

/// <summary>A named volume and its mount point.</summary>
internal sealed record PublishedVolume(string Name, string Target, bool ReadOnly);

/// <summary>A file of the deployment: its path in the artifact's folder, its mount point and its text.</summary>
internal sealed record PublishedFile(string Source, string Target, string Content);

/// <summary>
/// A health check: the HTTP path and port (for probes from outside), the command that checks it from inside, and
/// the path that says only whether the process itself is alive (a service's <c>/alive</c>), when it has one.
/// </summary>
internal sealed record PublishedHealth(string? HttpPath, int? Port, IReadOnlyList<string>? Command, string? LivePath = null);
