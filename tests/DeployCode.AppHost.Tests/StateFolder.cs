namespace DeployCode.AppHost.Tests;

/// <summary>A platform state folder of one test, under /tmp (reachable by the postgres account), removed afterwards.</summary>
internal sealed class StateFolder : IDisposable
{
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"deploycode-tests-{Guid.NewGuid():N}"[..32]);

    public void Dispose()
    {
        if (Directory.Exists(Path))
        {
            Directory.Delete(Path, recursive: true);
        }
    }
}
