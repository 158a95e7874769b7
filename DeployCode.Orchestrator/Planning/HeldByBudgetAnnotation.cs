using Aspire.Hosting.ApplicationModel;

namespace DeployCode.Orchestrator.Planning;

/// <summary>
/// On a component the budget holds: not started (it carries Aspire's explicit-start annotation, so nothing starts it
/// but a person), yet still a component of the platform, with its place in the plan, its budget and its validation.
/// </summary>
internal sealed class HeldByBudgetAnnotation : IResourceAnnotation;
