using Aspire.Hosting.ApplicationModel;

namespace DeployCode.Orchestrator.Planning;

/// <summary>
/// On a resource of the AppHost that serves the deployment instead of being deployed (the orchestrator itself): it is
/// in no plan, budget or artifact.
/// </summary>
internal sealed class NotAComponentAnnotation : IResourceAnnotation;
