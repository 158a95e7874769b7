using DeployCode.Contracts;

namespace DeployCode.Orchestrator.Tests;

public sealed class StateDirectoryTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void AConfiguredRelativeFolderBecomesAbsolute(bool isRoot)
    {
        var resolved = StateDirectory.Resolve("state/deploy", isRoot);

        Assert.True(Path.IsPathFullyQualified(resolved));
        Assert.Equal(Path.Combine(Environment.CurrentDirectory, "state", "deploy"), resolved);
    }

    [Fact]
    public void AConfiguredAbsoluteFolderIsKept()
    {
        Assert.Equal("/srv/deploy-code", StateDirectory.Resolve("/srv/deploy-code", isRoot: true));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void RootDefaultsToVarLib(string? configured)
    {
        Assert.Equal("/var/lib/deploy-code", StateDirectory.Resolve(configured, isRoot: true));
    }

    [Fact]
    public void OtherUsersDefaultToTheirOwnStateFolder()
    {
        var resolved = StateDirectory.Resolve(null, isRoot: false);

        Assert.True(Path.IsPathFullyQualified(resolved));
        Assert.Equal("deploy-code", Path.GetFileName(resolved));
        Assert.NotEqual("/var/lib/deploy-code", resolved);
    }
}
