using System.Text.Json;

namespace DeployCode.AppHost.Tests;

/// <summary>
/// BashGod's image on the real engine, alone: with the engine's defaults its sandbox cannot start, and it says so
/// (fail closed); with what the published artifacts give it, it can.
/// </summary>
public sealed class BashGodContainerTests(PublishedArtifacts published) : IClassFixture<PublishedArtifacts>
{
    private const string Image = "ghcr.io/deploy-code/mcp-bashgod:latest";

    [Fact]
    public async Task WithTheEnginesDefaultsTheSandboxIsDegradedNamingTheFix()
    {
        var sandbox = await SandboxCheckAsync([]);

        Assert.Equal("Degraded", sandbox.GetProperty("status").GetString());
        var description = sandbox.GetProperty("description").GetString();
        Assert.Contains("Commands cannot run", description, StringComparison.Ordinal);
        Assert.Contains("create new namespace", description, StringComparison.Ordinal);
        Assert.Contains("seccomp profile the published artifacts give mcp-bashgod", description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithThePublishedProfileTheSandboxRunsWithoutAProcOfItsOwn()
    {
        var profile = Path.Combine(published.ComposeFolder, "mcp-bashgod", "seccomp.json");

        var sandbox = await SandboxCheckAsync(["--cap-drop", "ALL", "--security-opt", "no-new-privileges:true", "--security-opt", $"seccomp={profile}"]);

        Assert.Equal("Healthy", sandbox.GetProperty("status").GetString());
        Assert.Contains("without /proc", sandbox.GetProperty("description").GetString(), StringComparison.Ordinal);
    }

    /// <summary>Starts the image with <paramref name="options"/> and returns the <c>sandbox</c> entry of its <c>/health</c>.</summary>
    private static async Task<JsonElement> SandboxCheckAsync(string[] options)
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await ContainerEngine.RequireAsync(cancellationToken);
        var id = await ContainerEngine.DockerAsync(cancellationToken,
        [
            "run", "-d", "--rm", "-p", "127.0.0.1::3010", "-e", "ASPNETCORE_URLS=http://+:3010", "-e", "BashGod__WorkRoot=/var/lib/deploy-code/data",
            .. options, Image,
        ]);
        try
        {
            var address = (await ContainerEngine.DockerAsync(cancellationToken, "port", id, "3010/tcp")).Split('\n')[0].Trim();
            using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(TimeSpan.FromSeconds(60));
            while (true)
            {
                try
                {
                    // auth-service is not there, so the whole answer is 503; the sandbox's own entry is what is read.
                    using var answer = await client.GetAsync(new Uri($"http://{address}/health"), deadline.Token);
                    using var body = JsonDocument.Parse(await answer.Content.ReadAsStringAsync(deadline.Token));
                    return body.RootElement.GetProperty("checks").GetProperty("sandbox").Clone();
                }
                catch (HttpRequestException) when (!deadline.IsCancellationRequested)
                {
                    await Task.Delay(500, deadline.Token);
                }
            }
        }
        finally
        {
            await ContainerEngine.DockerAsync(CancellationToken.None, "rm", "-f", id);
        }
    }
}
