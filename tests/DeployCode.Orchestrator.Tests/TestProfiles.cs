namespace DeployCode.Orchestrator.Tests;

/// <summary>Two budget profiles of an AppHost of the tests' own, as its appsettings would give them (<c>DeployCode:Profiles</c>).</summary>
internal static class TestProfiles
{
    public static readonly (string Key, string Value)[] Values =
    [
        ("Profiles:local:db:Cpu", "0.5"), ("Profiles:local:db:MemoryMb", "512"), ("Profiles:local:db:StorageGb", "2"), ("Profiles:local:db:Critical", "true"),
        ("Profiles:local:cache:Cpu", "0.1"), ("Profiles:local:cache:MemoryMb", "128"),
        ("Profiles:local:api:Cpu", "0.25"), ("Profiles:local:api:MemoryMb", "256"),
        ("Profiles:production:db:Cpu", "4"), ("Profiles:production:db:MemoryMb", "8192"), ("Profiles:production:db:StorageGb", "100"), ("Profiles:production:db:Critical", "true"),
        ("Profiles:production:cache:Cpu", "0.1"), ("Profiles:production:cache:MemoryMb", "128"),
        ("Profiles:production:api:Cpu", "2"), ("Profiles:production:api:MemoryMb", "1024"), ("Profiles:production:api:Gpu", "1"), ("Profiles:production:api:Replicas", "3"),
    ];
}
