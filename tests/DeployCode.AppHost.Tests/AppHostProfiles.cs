using DeployCode.Orchestrator.Configuration;
using Microsoft.Extensions.Configuration;

namespace DeployCode.AppHost.Tests;

/// <summary>The budget profiles the AppHost ships in its appsettings.json, read the way the orchestrator reads them.</summary>
internal static class AppHostProfiles
{
    public static IReadOnlyDictionary<string, ServiceBudget> Get(string profile)
    {
        var configuration = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(RepositoryFolder.Root, "DeployCode.AppHost", "appsettings.json"))
            .Build();
        var settings = DeployCodeSettings.Read(configuration.GetSection(DeployCodeOptions.SectionName), profile);
        Assert.Empty(settings.Problems);
        return settings.Services;
    }
}
