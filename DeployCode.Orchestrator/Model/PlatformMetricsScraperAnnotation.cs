namespace Aspire.Hosting.ApplicationModel;

/// <summary>
/// A component that scrapes every other's metrics (Prometheus, <c>AddPlatformPrometheus</c>): the published network
/// policies let it reach each component, as its callers can.
/// </summary>
internal sealed class PlatformMetricsScraperAnnotation : IResourceAnnotation;
