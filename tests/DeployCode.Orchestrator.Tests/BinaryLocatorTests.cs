using DeployCode.Orchestrator.Runtime;

namespace DeployCode.Orchestrator.Tests;

public sealed class BinaryLocatorTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void AnExecutableInASearchPathFolderIsFound()
    {
        var empty = _temp.Folder("empty");
        var tool = _temp.Executable("bin/redis-server");
        var locator = new BinaryLocator([empty, Path.GetDirectoryName(tool)!], []);

        Assert.Equal(tool, locator.Find("redis-server"));
    }

    [Fact]
    public void TheFirstSearchPathFolderWins()
    {
        var first = _temp.Executable("first/prometheus");
        var second = _temp.Executable("second/prometheus");
        var locator = new BinaryLocator([Path.GetDirectoryName(first)!, Path.GetDirectoryName(second)!], []);

        Assert.Equal(first, locator.Find("prometheus"));
    }

    [Fact]
    public void AFileWithoutAnExecuteBitIsIgnored()
    {
        var plain = _temp.PlainFile("bin/redis-server", "not a program");
        File.SetUnixFileMode(plain, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        var locator = new BinaryLocator([Path.GetDirectoryName(plain)!], []);

        Assert.Null(locator.Find("redis-server"));
    }

    [Fact]
    public void ANonExecutableFileOnThePathDoesNotHideAnExecutableLaterOnIt()
    {
        var plain = _temp.PlainFile("first/redis-server");
        var tool = _temp.Executable("second/redis-server");
        var locator = new BinaryLocator([Path.GetDirectoryName(plain)!, Path.GetDirectoryName(tool)!], []);

        Assert.Equal(tool, locator.Find("redis-server"));
    }

    [Fact]
    public void AFolderWithTheNameOfTheBinaryIsNotTakenForIt()
    {
        var bin = _temp.Folder("bin");
        _temp.Folder("bin/postgres");
        var locator = new BinaryLocator([bin], []);

        Assert.Null(locator.Find("postgres"));
    }

    [Fact]
    public void VersionedRootsAreSearchedHighestMajorFirst()
    {
        var root = _temp.Folder("postgresql");
        _temp.Executable("postgresql/15/bin/postgres");
        var newest = _temp.Executable("postgresql/17/bin/postgres");
        _temp.Folder("postgresql/9");
        _temp.Folder("postgresql/not-a-version/bin");
        var locator = new BinaryLocator([_temp.Folder("empty")], [root]);

        Assert.Equal(newest, locator.Find("postgres"));
    }

    [Fact]
    public void VersionsAreComparedAsNumbersNotAsText()
    {
        var root = _temp.Folder("postgresql");
        _temp.Executable("postgresql/9/bin/postgres");
        var newest = _temp.Executable("postgresql/10/bin/postgres");
        var locator = new BinaryLocator([], [root]);

        Assert.Equal(newest, locator.Find("postgres"));
    }

    [Fact]
    public void AnOlderMajorIsUsedWhenTheNewestLacksTheBinary()
    {
        var root = _temp.Folder("postgresql");
        var older = _temp.Executable("postgresql/15/bin/postgres");
        _temp.Executable("postgresql/17/bin/psql");
        var locator = new BinaryLocator([], [root]);

        Assert.Equal(older, locator.Find("postgres"));
    }

    [Fact]
    public void TheSearchPathComesBeforeVersionedRoots()
    {
        var onPath = _temp.Executable("bin/postgres");
        var root = _temp.Folder("postgresql");
        _temp.Executable("postgresql/17/bin/postgres");
        var locator = new BinaryLocator([Path.GetDirectoryName(onPath)!], [root]);

        Assert.Equal(onPath, locator.Find("postgres"));
    }

    [Fact]
    public void AnAbsentBinaryGivesNull()
    {
        _temp.Executable("bin/redis-server");
        var locator = new BinaryLocator(
            [_temp.Folder("bin"), Path.Combine(_temp.Path, "missing-folder")],
            [_temp.Folder("postgresql"), Path.Combine(_temp.Path, "missing-root")]);

        Assert.Null(locator.Find("postgres"));
    }
}
