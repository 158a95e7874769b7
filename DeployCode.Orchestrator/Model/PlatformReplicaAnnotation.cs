namespace Aspire.Hosting.ApplicationModel;

/// <summary>
/// Marks a resource as an extra replica of a platform service (<c>DeployCode:Services:&lt;name&gt;:Replicas</c>):
/// the same project on its own port, with the same references, waits and budget as <paramref name="PrimaryName"/>.
/// </summary>
/// <param name="PrimaryName">The service it is a replica of, which dependents reference.</param>
internal sealed record PlatformReplicaAnnotation(string PrimaryName) : IResourceAnnotation;
