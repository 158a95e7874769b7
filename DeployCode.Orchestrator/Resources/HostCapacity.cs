using System.Globalization;

namespace DeployCode.Orchestrator.Resources;

/// <summary>What this machine offers the platform, honouring cgroup limits when it runs in a container.</summary>
/// <param name="Cpu">Cores (a cgroup quota can make this fractional).</param>
/// <param name="MemoryMb">Memory in MiB.</param>
/// <param name="StorageGb">Free storage under the state folder, in GiB.</param>
/// <param name="Gpu">GPUs.</param>
internal sealed record HostCapacity(double Cpu, long MemoryMb, double StorageGb, int Gpu)
{
    /// <summary>Reads this machine: cgroup v2 CPU quota or the processor count, the memory the runtime may use (cgroup-aware), free space under <paramref name="stateDirectory"/>.</summary>
    public static HostCapacity Discover(string stateDirectory, int gpus, string cgroupRoot = "/sys/fs/cgroup")
    {
        Directory.CreateDirectory(stateDirectory);
        var cpu = CgroupCpuLimit(cgroupRoot) ?? Environment.ProcessorCount;
        var memory = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024 * 1024);
        var storage = new DriveInfo(stateDirectory).AvailableFreeSpace / (1024.0 * 1024 * 1024);
        return new HostCapacity(Math.Min(cpu, Environment.ProcessorCount), memory, Math.Round(storage, 1), gpus);
    }

    /// <summary>The CPU quota of cgroup v2's <c>cpu.max</c> (<c>"200000 100000"</c> is two cores), or <see langword="null"/> when unlimited or absent.</summary>
    public static double? CgroupCpuLimit(string cgroupRoot)
    {
        var file = Path.Combine(cgroupRoot, "cpu.max");
        if (!File.Exists(file))
        {
            return null;
        }

        var fields = File.ReadAllText(file).Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return fields.Length == 2 &&
            double.TryParse(fields[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var quota) &&
            double.TryParse(fields[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var period) && period > 0
            ? quota / period
            : null;
    }
}
