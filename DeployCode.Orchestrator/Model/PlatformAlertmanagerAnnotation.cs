namespace Aspire.Hosting.ApplicationModel;

/// <summary>The component that receives what Prometheus's rules fire (Alertmanager, <c>AddPlatformAlertmanager</c>): Prometheus sends its alerts there.</summary>
internal sealed class PlatformAlertmanagerAnnotation : IResourceAnnotation
{
    /// <summary>The port Alertmanager listens on inside its container, and in the published artifacts.</summary>
    public const int ContainerPort = 9093;
}
