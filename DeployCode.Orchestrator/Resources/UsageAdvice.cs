using System.Globalization;

namespace DeployCode.Orchestrator.Resources;

/// <summary>
/// Compares measured use with the allocation: CPU above its allocation or memory above 85 % of it (the
/// platform's alert thresholds) for a minute earns a scaling suggestion.
/// </summary>
internal static class UsageAdvice
{
    /// <summary>Memory use, as a share of the allocation, above which more is suggested.</summary>
    public const double MemoryThreshold = 0.85;

    /// <summary>How long use must stay over the allocation before a suggestion, so that a start-up burst does not count.</summary>
    public static readonly TimeSpan SustainedFor = TimeSpan.FromMinutes(1);

    /// <summary>Consecutive samples at <paramref name="interval"/> that make <see cref="SustainedFor"/> (at least 3).</summary>
    public static int SamplesBeforeAdvice(TimeSpan interval) => Math.Max(3, (int)Math.Ceiling(SustainedFor / interval));

    /// <summary>Whether this sample is over the allocation, and why.</summary>
    public static string? OverAllocation(UsageView usage, AllocationView allocation)
    {
        var reasons = new List<string>();
        if (allocation.Cpu > 0 && usage.Cpu > allocation.Cpu)
        {
            reasons.Add(string.Create(CultureInfo.InvariantCulture, $"CPU {usage.Cpu:0.##} of {allocation.Cpu:0.##} allocated"));
        }

        if (allocation.MemoryMb > 0 && usage.MemoryMb > allocation.MemoryMb * MemoryThreshold)
        {
            reasons.Add(string.Create(CultureInfo.InvariantCulture, $"memory {usage.MemoryMb:0} MiB of {allocation.MemoryMb} MiB allocated"));
        }

        return reasons.Count == 0 ? null : string.Join(", ", reasons);
    }

    /// <summary>What to change: more CPU or another replica, more memory; the configuration keys named.</summary>
    public static string Suggest(string service, UsageView usage, AllocationView allocation)
    {
        var steps = new List<string>();
        if (allocation.Cpu > 0 && usage.Cpu > allocation.Cpu)
        {
            var cpu = Math.Ceiling(usage.Cpu * 1.25 * 4) / 4;
            steps.Add(string.Create(CultureInfo.InvariantCulture,
                $"raise DeployCode:Services:{service}:Cpu to {cpu:0.##} or add a replica (DeployCode:Services:{service}:Replicas)"));
        }

        if (allocation.MemoryMb > 0 && usage.MemoryMb > allocation.MemoryMb * MemoryThreshold)
        {
            var memory = (int)(Math.Ceiling(usage.MemoryMb / MemoryThreshold / 64) * 64);
            steps.Add(string.Create(CultureInfo.InvariantCulture, $"raise DeployCode:Services:{service}:MemoryMb to {memory}"));
        }

        return $"{service} runs over its budget ({OverAllocation(usage, allocation)}): {string.Join("; ", steps)}.";
    }
}
