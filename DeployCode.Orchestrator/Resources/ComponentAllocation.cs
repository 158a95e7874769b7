using DeployCode.Orchestrator.Configuration;

namespace DeployCode.Orchestrator.Resources;

/// <summary>One component's share of the machine.</summary>
/// <param name="Name">The component.</param>
/// <param name="Budget">What it asked for.</param>
/// <param name="Status">What it got.</param>
/// <param name="Reason">Why it is held or over budget: the exact shortfall, or the held component it waits for.</param>
/// <param name="Warnings">Things that do not stop it, such as a preferred GPU that is not there.</param>
internal sealed record ComponentAllocation(string Name, ServiceBudget Budget, AllocationStatus Status, string? Reason, IReadOnlyList<string> Warnings)
{
    /// <summary>GPUs actually reserved (a preferred GPU that is absent reserves none).</summary>
    public int GpusReserved { get; init; }
}
