using Aspire.Hosting.ApplicationModel;

namespace DeployCode.Orchestrator.Planning;

/// <summary>Which resources of the model are components of the platform, deployed and planned.</summary>
internal static class PlatformComponents
{
    // Aspire adds its dashboard to the model under this name (KnownResourceNames is internal).
    private const string DashboardName = "aspire-dashboard";

    /// <summary>
    /// A platform component: not a parameter, not the orchestrator (nor anything else marked as serving the
    /// deployment), not a child (a database stands for its server), not Aspire's dashboard, and not something started
    /// only on request (Aspire's project rebuilders).
    /// </summary>
    public static bool IsComponent(IResource resource)
    {
        ArgumentNullException.ThrowIfNull(resource);
        return resource is not ParameterResource and not IResourceWithParent &&
            !resource.HasAnnotationOfType<NotAComponentAnnotation>() &&
            resource.Name != DashboardName &&
            (!resource.HasAnnotationOfType<ExplicitStartupAnnotation>() || resource.HasAnnotationOfType<HeldByBudgetAnnotation>());
    }

    /// <summary>
    /// A component that DCP runs on this machine (a process or a container), as opposed to one shown as unavailable or
    /// held by the budget.
    /// </summary>
    public static bool RunsHere(IResource resource) =>
        IsComponent(resource) && resource is ExecutableResource or ProjectResource or ContainerResource && !resource.HasAnnotationOfType<HeldByBudgetAnnotation>();
}
