namespace DeployCode.Orchestrator.Resources;

/// <summary>A component's measured use as the registry shows it.</summary>
internal sealed record UsageView(double Cpu, double MemoryMb, DateTimeOffset MeasuredAt);
