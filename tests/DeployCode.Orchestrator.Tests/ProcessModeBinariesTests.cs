using DeployCode.Orchestrator.Configuration;
using DeployCode.Orchestrator.Runtime;

namespace DeployCode.Orchestrator.Tests;

public sealed class ProcessModeBinariesTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void MissingBinariesAreAllNamedWithTheirPackages()
    {
        var locator = new BinaryLocator([_temp.Folder("bin")], [_temp.Folder("postgresql")]);

        var error = Assert.Throws<DeployCodeConfigurationException>(() => ProcessModeBinaries.Resolve(locator));

        Assert.Contains("apt-get install postgresql", error.Message, StringComparison.Ordinal);
        Assert.Contains("apt-get install redis-server", error.Message, StringComparison.Ordinal);
        Assert.Contains("apt-get install prometheus\n", error.Message.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Contains("apt-get install prometheus-alertmanager", error.Message, StringComparison.Ordinal);
        Assert.Contains("Docker or Podman", error.Message, StringComparison.Ordinal);
        Assert.Contains("DeployCode:Runtime", error.Message, StringComparison.Ordinal);
        Assert.Contains("Nothing was started", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void OnlyTheMissingBinaryIsNamed()
    {
        _temp.Executable("bin/postgres");
        _temp.Executable("bin/initdb");
        _temp.Executable("bin/prometheus");
        _temp.Executable("bin/prometheus-alertmanager");
        var locator = new BinaryLocator([_temp.Folder("bin")], []);

        var error = Assert.Throws<DeployCodeConfigurationException>(() => ProcessModeBinaries.Resolve(locator));

        Assert.Contains("apt-get install redis-server", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("apt-get install postgresql", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("apt-get install prometheus", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PostgresWithoutInitdbBesideItCountsAsMissing()
    {
        _temp.Executable("bin/postgres");
        _temp.Executable("other/initdb");
        _temp.Executable("bin/redis-server");
        _temp.Executable("bin/prometheus");
        _temp.Executable("bin/prometheus-alertmanager");
        var locator = new BinaryLocator([_temp.Folder("bin"), _temp.Folder("other")], []);

        var error = Assert.Throws<DeployCodeConfigurationException>(() => ProcessModeBinaries.Resolve(locator));

        Assert.Contains("postgres and initdb", error.Message, StringComparison.Ordinal);
        Assert.Contains("apt-get install postgresql", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void InstalledBinariesAreReturnedWithInitdbBesidePostgres()
    {
        var root = _temp.Folder("postgresql");
        var postgres = _temp.Executable("postgresql/16/bin/postgres");
        var initdb = _temp.Executable("postgresql/16/bin/initdb");
        var redis = _temp.Executable("bin/redis-server");
        var prometheus = _temp.Executable("bin/prometheus");
        var alertmanager = _temp.Executable("bin/prometheus-alertmanager");
        _temp.Executable("bin/initdb");
        var locator = new BinaryLocator([_temp.Folder("bin")], [root]);

        var binaries = ProcessModeBinaries.Resolve(locator);

        Assert.Equal(new ProcessModeBinaries(postgres, initdb, redis, prometheus, alertmanager), binaries);
        Assert.Equal(Path.GetDirectoryName(binaries.Postgres), Path.GetDirectoryName(binaries.Initdb));
    }

    [Fact]
    public void AnAppHostNeedsOnlyTheBinariesOfWhatItAdds()
    {
        var redis = _temp.Executable("bin/redis-server");
        var locator = new BinaryLocator([_temp.Folder("bin")], [_temp.Folder("postgresql")]);

        var binaries = ProcessModeBinaries.Find(locator);

        Assert.Equal(redis, binaries.RequireRedis());
        var error = Assert.Throws<DeployCodeConfigurationException>(() => binaries.RequirePostgres());
        Assert.Contains("sudo apt-get install postgresql", error.Message, StringComparison.Ordinal);
        Assert.Contains("sudo apt-get install prometheus", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("redis-server", error.Message, StringComparison.Ordinal);
    }
}
