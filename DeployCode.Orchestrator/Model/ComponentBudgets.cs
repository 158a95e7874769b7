using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using DeployCode.Orchestrator.Configuration;
using DeployCode.Orchestrator.Planning;

namespace DeployCode.Orchestrator.Model;

/// <summary>
/// Each component's budget: what the model gives it (<c>WithBudget</c>, <c>AsCritical</c>) with what configuration sets
/// over it. A replica is another copy of its service's process, so it is budgeted like the service.
/// </summary>
internal static class ComponentBudgets
{
    /// <summary>The budget of every component among <paramref name="resources"/>, replicas included, by name.</summary>
    public static IReadOnlyDictionary<string, ServiceBudget> Of(DeployCodeSettings settings, IEnumerable<IResource> resources)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var all = resources.ToArray();
        return all.Where(PlatformComponents.IsComponent).ToDictionary(resource => resource.Name, resource => Of(settings, resource, all), StringComparer.Ordinal);
    }

    /// <summary>The budget of <paramref name="resource"/>; <paramref name="model"/> holds the service it may be a replica of.</summary>
    public static ServiceBudget Of(DeployCodeSettings settings, IResource resource, IEnumerable<IResource> model)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return settings.BudgetOf(resource.ServiceName(), Given(resource, model));
    }

    /// <summary>What the model alone gives each of its services (replicas are their service's), by service name.</summary>
    public static IReadOnlyDictionary<string, ServiceBudget> Given(IEnumerable<IResource> resources)
    {
        var all = resources.ToArray();
        return all.Where(resource => PlatformComponents.IsComponent(resource) && resource.ServiceName() == resource.Name)
            .ToDictionary(resource => resource.Name, resource => Given(resource, all), StringComparer.Ordinal);
    }

    private static ServiceBudget Given(IResource resource, IEnumerable<IResource> model)
    {
        ArgumentNullException.ThrowIfNull(resource);
        var service = resource.ServiceName();
        var primary = service == resource.Name ? resource : model.FirstOrDefault(candidate => candidate.Name == service) ?? resource;
        var given = resource.Annotations.OfType<PlatformBudgetAnnotation>().LastOrDefault() ?? primary.Annotations.OfType<PlatformBudgetAnnotation>().LastOrDefault();
        var critical = resource.HasAnnotationOfType<PlatformCriticalAnnotation>() || primary.HasAnnotationOfType<PlatformCriticalAnnotation>();
        return given is null
            ? ServiceBudget.None with { Critical = critical }
            : new ServiceBudget(given.Cpu, given.MemoryMb, given.StorageGb, given.Gpu, given.GpuRequired, critical, given.Replicas);
    }
}
