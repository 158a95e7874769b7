namespace DeployCode.ServiceDefaults;

/// <summary>Tags that decide which endpoint reports a health check.</summary>
public static class HealthCheckTags
{
    /// <summary>Checks that belong to liveness (<c>/alive</c>) as well as readiness (<c>/health</c>).</summary>
    public const string Live = "live";
}
