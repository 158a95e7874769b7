using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using DeployCode.Orchestrator.Configuration;
using DeployCode.Orchestrator.Model;

namespace DeployCode.AppHost.Tests;

/// <summary>
/// The CODE platform's budgets in one of the profiles the AppHost ships: its model's (<c>AsCritical</c>) with the
/// profile of its appsettings.json over it, read the way the orchestrator reads them. Replicas are their service's.
/// </summary>
internal static class AppHostProfiles
{
    public static async Task<IReadOnlyDictionary<string, ServiceBudget>> GetAsync(string profile)
    {
        await using var builder = await AppHostModel.CreateAsync("DeployCode:Runtime=container", $"DeployCode:Profile={profile}");
        var settings = builder.Resources.OfType<OrchestratorResource>().Single().Settings;
        Assert.Empty(settings.Problems);
        return ComponentBudgets.Of(settings, builder.Resources)
            .Where(entry => builder.Resources.Single(resource => resource.Name == entry.Key).ServiceName() == entry.Key)
            .ToDictionary(StringComparer.Ordinal);
    }
}
