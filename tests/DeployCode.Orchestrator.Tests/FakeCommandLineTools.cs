namespace DeployCode.Orchestrator.Tests;

/// <summary>
/// Tests that write scripts and then run them share one collection, so no other test forks a process
/// while a script is open for writing (the child would hold it and running it would fail with ETXTBSY).
/// </summary>
[CollectionDefinition(Name)]
public sealed class FakeCommandLineTools
{
    public const string Name = "Fake command-line tools";
}
