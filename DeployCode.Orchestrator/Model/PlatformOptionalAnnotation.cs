namespace Aspire.Hosting.ApplicationModel;

/// <summary>
/// Marks a component the platform can run without (monitoring, say): when it cannot start, the deployment goes
/// on and ends <c>Running, N failed</c>, naming it with its cause, instead of <c>Failed</c>.
/// </summary>
public sealed record PlatformOptionalAnnotation : IResourceAnnotation;
