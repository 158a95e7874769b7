namespace DeployCode.Orchestrator.Configuration;

/// <summary>
/// The built-in budgets: <c>production</c> as docs/platform.md gives them, and <c>local</c>, small enough
/// for a 2-core, 8 GiB machine once the 20 % buffer is kept.
/// </summary>
public static class BudgetProfiles
{
    /// <summary>The profile used when <c>DeployCode:Profile</c> is not set.</summary>
    public const string Default = Local;

    /// <summary>Laptop and CI budgets.</summary>
    public const string Local = "local";

    /// <summary>The original deployment's budgets.</summary>
    public const string Production = "production";

    private static readonly Dictionary<string, ServiceBudget> s_production = new(StringComparer.Ordinal)
    {
        ["postgresql"] = new(2, 4096, 50, 0, false, true, 1),
        ["redis"] = new(1, 2048, 10, 0, false, true, 1),
        ["auth-service"] = new(1, 1024, 1, 0, false, true, 2),
        ["mcp-filesystem"] = new(0.5, 512, 10, 0, false, false, 2),
        ["mcp-github"] = new(0.5, 512, 1, 0, false, false, 1),
        ["mcp-memory"] = new(1, 2048, 5, 0, false, false, 2),
        ["mcp-bashgod"] = new(2, 2048, 10, 0, false, false, 1),
        ["circle-of-experts"] = new(4, 8192, 20, 1, false, false, 3),
        ["api-gateway"] = new(1, 512, 1, 0, false, true, 2),
        ["prometheus"] = new(1, 2048, 20, 0, false, false, 1),
        ["grafana"] = new(0.5, 512, 5, 0, false, false, 1),
        ["jaeger"] = new(1, 1024, 10, 0, false, false, 1),
    };

    private static readonly Dictionary<string, ServiceBudget> s_local = new(StringComparer.Ordinal)
    {
        ["postgresql"] = new(0.3, 512, 2, 0, false, true, 1),
        ["redis"] = new(0.1, 128, 1, 0, false, true, 1),
        ["auth-service"] = new(0.1, 384, 0.1, 0, false, true, 1),
        ["mcp-filesystem"] = new(0.1, 384, 1, 0, false, false, 1),
        ["mcp-github"] = new(0.1, 384, 0.1, 0, false, false, 1),
        ["mcp-memory"] = new(0.1, 384, 0.1, 0, false, false, 1),
        ["mcp-bashgod"] = new(0.1, 384, 1, 0, false, false, 1),
        ["circle-of-experts"] = new(0.2, 512, 0.5, 0, false, false, 1),
        ["api-gateway"] = new(0.1, 384, 0.1, 0, false, true, 1),
        ["prometheus"] = new(0.1, 256, 1, 0, false, false, 1),
        ["grafana"] = new(0.1, 128, 0.5, 0, false, false, 1),
        ["jaeger"] = new(0.1, 256, 1, 0, false, false, 1),
    };

    /// <summary>The names of the built-in profiles.</summary>
    public static IReadOnlyList<string> Names { get; } = [Local, Production];

    /// <summary>The budgets of <paramref name="profile"/>, or <see langword="null"/> when there is no such profile.</summary>
    public static IReadOnlyDictionary<string, ServiceBudget>? Get(string profile) => profile switch
    {
        Local => s_local,
        Production => s_production,
        _ => null,
    };
}
