namespace DeployCode.Orchestrator.Deployment;

/// <summary>What an operation of the engine did, as its <see cref="UpdateRecord.Kind"/> and its trace's <c>deploycode.record</c> say.</summary>
internal static class UpdateKinds
{
    /// <summary>The first deployment: every phase settled, verification passed.</summary>
    public const string Deployed = "deployed";

    /// <summary>A live configuration change was applied.</summary>
    public const string Applied = "applied";

    /// <summary>A change was refused (invalid, or a settings file that cannot be read); nothing was touched.</summary>
    public const string Refused = "refused";

    /// <summary>The known-good or the previous configuration was brought back.</summary>
    public const string RolledBack = "rolled-back";

    /// <summary>A failed service's work moved to a healthy replica.</summary>
    public const string Moved = "moved";

    /// <summary>Every deployed service was restarted phase by phase and verified.</summary>
    public const string Redeployed = "redeployed";

    /// <summary>A Redeploy ended with a service unhealthy or verification failing.</summary>
    public const string RedeployFailed = "redeploy-failed";

    /// <summary>There was nothing to do.</summary>
    public const string Nothing = "nothing";

    /// <summary>The operation broke off, or the first deployment failed: the cause is the detail.</summary>
    public const string Failed = "failed";
}
