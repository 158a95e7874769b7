namespace DeployCode.Orchestrator.Resources;

/// <summary>What the budget decided for one component.</summary>
internal enum AllocationStatus
{
    /// <summary>It fits and has its reservation.</summary>
    Allocated,

    /// <summary>It does not fit, but enforcement is <c>warn</c>: it starts anyway.</summary>
    OverBudget,

    /// <summary>It does not fit (or waits for something that does not): it is held before it starts.</summary>
    Held,
}
