using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ModelContextProtocol.Client;

namespace DeployCode.AppHost.Tests;

/// <summary>
/// The published Compose file run as a user runs it: published, a <c>.env</c> filled in from <c>.env.example</c>,
/// <c>docker-compose up -d</c> (Debian's 1.29) of every service with an image here, with the images
/// <c>./deploy-code images</c> builds. Grafana and Jaeger have none and are not run.
/// </summary>
[Collection(PlatformTestGroup.Name)]
public sealed class ComposeUpFunctionalTests : IAsyncLifetime
{
    private static readonly TimeSpan s_healthyWithin = TimeSpan.FromMinutes(5);
    private static readonly string[] s_notRun = ["grafana", "jaeger"];

    private const string BootstrapAdmin = "compose-admin";

    private readonly string _folder = Directory.CreateTempSubdirectory("deploycode-compose-up-").FullName;
    private readonly string _bootstrapPassword = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
    private readonly string _project = $"deploycode-test-{Guid.NewGuid():N}"[..28];
    private string[] _services = [];

    private string Compose => Path.Combine(_folder, "compose");

    public async ValueTask InitializeAsync()
    {
        await ContainerEngine.RequireAsync(TestContext.Current.CancellationToken);
        // The local profile: the production budgets ask for more CPUs than a small machine has, which Docker refuses.
        await new PublishedArtifacts().PublishAsync(_folder, "DeployCode:Profile=local");
        var example = await File.ReadAllLinesAsync(Path.Combine(Compose, ".env.example"), TestContext.Current.CancellationToken);
        // As a user does: every value filled in, the first admin's name among them, and two of mcp-github's toolsets.
        await File.WriteAllLinesAsync(Path.Combine(Compose, ".env"),
            example.Select(line => line == "BOOTSTRAP_ADMIN_USERNAME=" ? $"{line}{BootstrapAdmin}"
                : line == "GITHUB_TOOLSETS=" ? $"{line}issues,pull_requests"
                : line == "BOOTSTRAP_ADMIN_PASSWORD=" ? $"{line}{_bootstrapPassword}"
                : line.EndsWith('=') ? $"{line}{Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24))}" : line),
            TestContext.Current.CancellationToken);
        _services = [.. (await ComposeAsync("config", "--services")).Split('\n', StringSplitOptions.RemoveEmptyEntries).Except(s_notRun).Order(StringComparer.Ordinal)];
    }

    [Fact]
    public async Task EveryServiceWithAnImageRunsHealthyAndServesThroughTheGatewayOnPort80()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        TestContext.Current.SendDiagnosticMessage($"not run (no image here): {string.Join(", ", s_notRun)}");
        var clock = Stopwatch.StartNew();
        await ComposeAsync(["up", "-d", .. _services]);
        await WhenAllHealthyAsync(cancellationToken);
        TestContext.Current.SendDiagnosticMessage($"docker-compose up to all {_services.Length} services healthy: {clock.Elapsed.TotalSeconds:0} s");

        // Prometheus sends what fires to the artifact's Alertmanager, by its name on the artifact's network.
        Assert.Contains("\"url\":\"http://alertmanager:9093/api/v2/alerts\"", await ComposeAsync("exec", "-T", "prometheus", "wget", "-qO-", "http://localhost:9090/api/v1/alertmanagers"), StringComparison.Ordinal);
        Assert.Equal("OK", (await ComposeAsync("exec", "-T", "prometheus", "wget", "-qO-", "http://alertmanager:9093/-/healthy")).Trim());

        using var client = new HttpClient { BaseAddress = new Uri("http://127.0.0.1:80") };
        var account = new { username = "compose-operator", password = "a long enough password", role = "operator" };
        // No open first registration here: the first admin is the one of .env, and registers the others.
        using (var anonymous = await client.PostAsJsonAsync("/auth/register", account, cancellationToken))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        }

        var adminToken = await SignInAsync(client, new { username = BootstrapAdmin, password = _bootstrapPassword }, cancellationToken);
        using (var register = new HttpRequestMessage(HttpMethod.Post, "/auth/register") { Content = JsonContent.Create(account) })
        {
            register.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", adminToken);
            using var registered = await client.SendAsync(register, cancellationToken);
            Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
        }

        var token = await SignInAsync(client, account, cancellationToken);
        foreach (var server in new[] { "filesystem", "github", "memory", "bashgod" })
        {
            await using var mcp = await McpClient.CreateAsync(new HttpClientTransport(new HttpClientTransportOptions
            {
                Endpoint = new Uri(client.BaseAddress, $"/mcp/{server}"),
                TransportMode = HttpTransportMode.StreamableHttp,
                AdditionalHeaders = new Dictionary<string, string> { ["Authorization"] = $"Bearer {token}" },
            }), cancellationToken: cancellationToken);
            var tools = (await mcp.ListToolsAsync(cancellationToken: cancellationToken)).Select(tool => tool.Name).ToList();
            Assert.NotEmpty(tools);
            if (server == "github")
            {
                // The toolsets of .env, and no other.
                Assert.Contains("issue_read", tools);
                Assert.Contains("pull_request_read", tools);
                Assert.DoesNotContain("get_file_contents", tools);
            }

            if (server == "bashgod")
            {
                // The sandbox starts in the published container (its seccomp profile beside the file), as user app,
                // and has no /proc of its own there (Compose cannot unmask the engine's /proc).
                var run = await mcp.CallToolAsync("execute_command", new Dictionary<string, object?> { ["command"] = "echo sandboxed; id -u; test -e /proc/self || echo no-proc" }, cancellationToken: cancellationToken);
                var text = Assert.IsType<ModelContextProtocol.Protocol.TextContentBlock>(Assert.Single(run.Content)).Text;
                Assert.True(run.IsError != true, text);
                var stdout = JsonDocument.Parse(text).RootElement.GetProperty("stdout").GetString();
                Assert.Matches(@"^sandboxed\n2\d{5}\nno-proc\n$", stdout);
            }
        }

        // The account is in PostgreSQL's volume: a restart of the database keeps it, and the first sign-in after it
        // works, though every connection auth-service had pooled is gone.
        await ComposeAsync("restart", "postgresql");
        await WhenAllHealthyAsync(cancellationToken);
        Assert.NotEmpty(await SignInAsync(client, account, cancellationToken));
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await ComposeAsync("down", "-v", "--remove-orphans");
            var left = await ContainerEngine.DockerAsync(TestContext.Current.CancellationToken, "ps", "-a", "--quiet", "--filter", $"label=com.docker.compose.project={_project}");
            var volumes = await ContainerEngine.DockerAsync(TestContext.Current.CancellationToken, "volume", "ls", "--quiet", "--filter", $"label=com.docker.compose.project={_project}");
            Assert.True(left.Length == 0 && volumes.Length == 0, $"docker-compose down -v left containers [{left}] and volumes [{volumes}]");
        }
        finally
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    private static async Task<string> SignInAsync(HttpClient client, object account, CancellationToken cancellationToken)
    {
        using var answer = await client.PostAsJsonAsync("/auth/token", account, cancellationToken);
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        using var body = JsonDocument.Parse(await answer.Content.ReadAsStringAsync(cancellationToken));
        return body.RootElement.GetProperty("access_token").GetString()!;
    }

    // Healthy by each service's own Compose health check, as `docker-compose ps` shows it.
    private async Task WhenAllHealthyAsync(CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(s_healthyWithin);
        var states = "";
        try
        {
            while (true)
            {
                var containers = (await ComposeAsync("ps", "-q")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
                states = await ContainerEngine.DockerAsync(deadline.Token, ["inspect", "--format", "{{.Name}} {{if .State.Health}}{{.State.Health.Status}}{{else}}{{.State.Status}}{{end}}", .. containers]);
                if (containers.Length >= _services.Length && states.Split('\n').All(line => line.EndsWith(" healthy", StringComparison.Ordinal)))
                {
                    return;
                }

                await Task.Delay(1000, deadline.Token);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new Xunit.Sdk.XunitException($"not every service healthy within {s_healthyWithin.TotalMinutes} min:{Environment.NewLine}{states}");
        }
    }

    private Task<string> ComposeAsync(params string[] arguments) =>
        ContainerEngine.RunAsync("docker-compose", Compose, s_healthyWithin, TestContext.Current.CancellationToken, ["--project-name", _project, .. arguments]);
}
