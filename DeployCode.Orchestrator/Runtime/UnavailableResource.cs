namespace Aspire.Hosting.ApplicationModel;

/// <summary>
/// A platform component that cannot run in this mode on this machine (Grafana and Jaeger in process mode).
/// It stays in the dashboard with the reason, so nothing silently vanishes.
/// </summary>
public sealed class UnavailableResource : Resource
{
    internal UnavailableResource(string name, string reason) : base(name) => Reason = reason;

    /// <summary>The dashboard state of such a component.</summary>
    internal const string State = "Not available";

    /// <summary>Why it does not run, and where it does.</summary>
    public string Reason { get; }
}
