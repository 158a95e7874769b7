namespace DeployCode.Orchestrator.Configuration;

/// <summary>
/// The profiles an AppHost is run and published with when <c>DeployCode:Profile</c> does not name one. Their budgets
/// are the AppHost's: <c>DeployCode:Profiles:&lt;profile&gt;:&lt;resource&gt;</c> in its configuration.
/// </summary>
internal static class BudgetProfiles
{
    /// <summary>The profile used when <c>DeployCode:Profile</c> is not set.</summary>
    public const string Default = Local;

    /// <summary>Laptop and CI budgets, the default of a run.</summary>
    public const string Local = "local";

    /// <summary>The budgets of a cluster, the default of <c>aspire publish</c>.</summary>
    public const string Production = "production";

    /// <summary>The section of the <c>DeployCode</c> configuration that holds the profiles, keyed by profile and resource name.</summary>
    public const string SectionName = "Profiles";
}
