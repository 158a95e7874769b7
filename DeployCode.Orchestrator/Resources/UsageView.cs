namespace DeployCode.Orchestrator.Resources;

/// <summary>A component's measured use as the registry shows it.</summary>
public sealed record UsageView(double Cpu, double MemoryMb, DateTimeOffset MeasuredAt);
