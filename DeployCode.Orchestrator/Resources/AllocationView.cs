namespace DeployCode.Orchestrator.Resources;

/// <summary>A component's budget as the registry shows it: what it was given, and whether it fits.</summary>
internal sealed record AllocationView(double Cpu, int MemoryMb, int Gpu, string Status, string? Reason);
