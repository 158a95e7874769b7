namespace Aspire.Hosting.ApplicationModel;

/// <summary>A component the platform cannot work without (<c>AsCritical</c>): its budget is reserved before every other's.</summary>
public sealed class PlatformCriticalAnnotation : IResourceAnnotation;
