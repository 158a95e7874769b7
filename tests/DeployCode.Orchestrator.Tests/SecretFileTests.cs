using DeployCode.Orchestrator.Runtime;

namespace DeployCode.Orchestrator.Tests;

public sealed class SecretFileTests : IDisposable
{
    private readonly TempFolder _temp = new();

    private string Folder => _temp.Path;

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task ASecretFileIsTheOwnersAloneAndNothingOpenedBeforeCanReadTheNewSecret()
    {
        var path = Path.Combine(Folder, "redis.conf");
        await File.WriteAllTextAsync(path, "requirepass \"old\"\n", TestContext.Current.CancellationToken);
        File.SetUnixFileMode(path, (UnixFileMode)Convert.ToInt32("644", 8));
        // Someone who could read the file before keeps a handle on it.
        await using var earlier = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);

        await SecretFile.WriteAsync(path, "requirepass \"new\"\n", TestContext.Current.CancellationToken);

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        Assert.Equal("requirepass \"new\"\n", await File.ReadAllTextAsync(path, TestContext.Current.CancellationToken));
        using var reader = new StreamReader(earlier);
        Assert.Equal("requirepass \"old\"\n", await reader.ReadToEndAsync(TestContext.Current.CancellationToken));
        Assert.Equal(["redis.conf"], Directory.GetFiles(Folder).Select(Path.GetFileName));
    }
}
