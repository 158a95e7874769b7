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
        ["openai-api-key"] = RandomNumberGenerator.GetHexString(40),
        ["anthropic-api-key"] = RandomNumberGenerator.GetHexString(40),
        ["local-api-key"] = RandomNumberGenerator.GetHexString(40),
    };

    /// <summary>A third expert, added in configuration as a user adds one, with its key in the DeployCode section itself.</summary>
    public IReadOnlyList<string> Settings =>
    [
        "DeployCode:Experts:local:Provider=openai-compatible",
        "DeployCode:Experts:local:Model=llama3.1",
        "DeployCode:Experts:local:BaseUrl=http://ollama:11434/v1",
        $"DeployCode:Experts:local:ApiKey={Secrets["local-api-key"]}",
    ];

    public TimeSpan Elapsed { get; private set; }

    public string ComposeFolder => Path.Combine(Folder, "compose");

    public async ValueTask InitializeAsync()
    {
        var clock = Stopwatch.StartNew();
        await PublishAsync(Folder);
        Elapsed = clock.Elapsed;
    }

    /// <summary>
    /// Publishes into <paramref name="folder"/>, with <paramref name="moreSettings"/> after the fixture's own, and returns what
    /// it wrote to the console. A failed pipeline step is only there: <c>dotnet run</c> of a publish exits with 0 all the same.
    /// </summary>
    public async Task<string> PublishAsync(string folder, params string[] moreSettings)
    {
        var appHost = Projects.DeployCode_AppHost.ProjectPath;
        var configuration = AppContext.BaseDirectory.Contains("/Release/", StringComparison.Ordinal) ? "Release" : "Debug";
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { "run", "--project", appHost, "--no-build", "-c", configuration, "--no-launch-profile", "--", "--operation", "publish", "--step", "publish", "--output-path", folder },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        // The local expert's key comes with its settings; every other secret as its parameter.
        foreach (var (name, value) in Secrets.Where(secret => secret.Key != "local-api-key"))
        {
            start.ArgumentList.Add($"Parameters:{name}={value}");
        }

        foreach (var setting in Settings.Concat(moreSettings))
        {
            start.ArgumentList.Add(setting);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var errors = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromMinutes(2), TestContext.Current.CancellationToken);
        if (process.ExitCode != 0)
        {
            throw new Xunit.Sdk.XunitException($"publish exited with {process.ExitCode}:{Environment.NewLine}{await output}{await errors}");
        }

        return await output + await errors;
    }

    public ValueTask DisposeAsync()
    {
        Directory.Delete(Folder, recursive: true);
        return ValueTask.CompletedTask;
    }
}
