namespace Aspire.Hosting.ApplicationModel;

/// <summary>
/// Marks a service that consults the experts of <c>DeployCode:Experts</c>: it is given their settings at each start,
/// and restarted when a live change alters them.
/// </summary>
/// <param name="ApiKeys">The secret parameter of each expert configured when the AppHost started, by lower-case expert name.</param>
public sealed record PlatformExpertsAnnotation(IReadOnlyDictionary<string, ParameterResource> ApiKeys) : IResourceAnnotation;
