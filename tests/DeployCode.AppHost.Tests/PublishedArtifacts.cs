using System.Diagnostics;
using System.Security.Cryptography;

namespace DeployCode.AppHost.Tests;

/// <summary>
/// Runs the AppHost's publish pipeline as <c>aspire publish -o DIR</c> does (<c>--operation publish --step
/// publish --output-path DIR</c>), with secret parameters given, so that tests can look for them in the output.
/// </summary>
public sealed class PublishedArtifacts : IAsyncLifetime
{
    public string Folder { get; } = Directory.CreateTempSubdirectory("deploycode-publish-").FullName;

    /// <summary>The values given to the secret parameters: none may appear in any artifact.</summary>
    public IReadOnlyDictionary<string, string> Secrets { get; } = new Dictionary<string, string>
    {
        ["postgresql-password"] = RandomNumberGenerator.GetHexString(32),
        ["redis-password"] = RandomNumberGenerator.GetHexString(32),
        ["jwt-signing-key"] = RandomNumberGenerator.GetHexString(48),
        ["github-token"] = RandomNumberGenerator.GetHexString(40),
    };

    public TimeSpan Elapsed { get; private set; }

    public string ComposeFolder => Path.Combine(Folder, "compose");

    public async ValueTask InitializeAsync()
    {
        var clock = Stopwatch.StartNew();
        await PublishAsync(Folder);
        Elapsed = clock.Elapsed;
    }

    /// <summary>Publishes into <paramref name="folder"/>.</summary>
    public async Task PublishAsync(string folder)
    {
        var appHost = Projects.DeployCode_AppHost.ProjectPath;
        var configuration = AppContext.BaseDirectory.Contains("/Release/", StringComparison.Ordinal) ? "Release" : "Debug";
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { "run", "--project", appHost, "--no-build", "-c", configuration, "--no-launch-profile", "--", "--operation", "publish", "--step", "publish", "--output-path", folder },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (name, value) in Secrets)
        {
            start.ArgumentList.Add($"Parameters:{name}={value}");
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var errors = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromMinutes(2), TestContext.Current.CancellationToken);
        if (process.ExitCode != 0)
        {
            throw new Xunit.Sdk.XunitException($"publish exited with {process.ExitCode}:{Environment.NewLine}{await output}{await errors}");
        }
    }

    public ValueTask DisposeAsync()
    {
        Directory.Delete(Folder, recursive: true);
        return ValueTask.CompletedTask;
    }
}
