namespace DeployCode.AppHost.Tests;

/// <summary>
/// Functional tests that start the platform run one class at a time: two platforms at once would compete
/// for the platform's ports and the machine's two cores.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class PlatformTestGroup
{
    public const string Name = "Platform through DCP";
}
