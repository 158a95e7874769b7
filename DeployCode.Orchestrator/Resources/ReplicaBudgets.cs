using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using DeployCode.Orchestrator.Configuration;

namespace DeployCode.Orchestrator.Resources;

/// <summary>Each replica of a service is budgeted like the service: it is another copy of the same process.</summary>
internal static class ReplicaBudgets
{
    /// <summary><paramref name="services"/> plus an entry for every replica among <paramref name="resources"/>.</summary>
    public static IReadOnlyDictionary<string, ServiceBudget> With(IReadOnlyDictionary<string, ServiceBudget> services, IEnumerable<IResource> resources)
    {
        var budgets = new Dictionary<string, ServiceBudget>(services, StringComparer.Ordinal);
        foreach (var replica in resources.Where(resource => resource.ServiceName() != resource.Name))
        {
            if (services.TryGetValue(replica.ServiceName(), out var budget))
            {
                budgets[replica.Name] = budget;
            }
        }

        return budgets;
    }
}
