using System.Collections.Concurrent;
using System.Net;
using Aspire.Hosting.ApplicationModel;

namespace DeployCode.Orchestrator.Health;

/// <summary>
/// The flow document's verification step: every service's endpoints answer, auth-service publishes its signing
/// keys, every service refuses a request without a token, and (see <see cref="OperationsVerification"/>) the
/// verifier account signs in and uses the platform through the gateway. A deployment begins each component's own
/// checks as soon as that component is healthy (<see cref="Begin"/>), while later phases still start, and ends
/// with the checks through the gateway (<see cref="FinishAsync"/>); Verify and Redeploy run it all at once
/// (<see cref="VerifyAsync"/>). Checks run side by side; the summary lists them in a fixed order.
/// </summary>
internal sealed class DeploymentVerifier : IDisposable
{
    private readonly HttpClient _client = new() { Timeout = TimeSpan.FromSeconds(5) };
    private readonly ConcurrentDictionary<string, Task<CheckResults>> _components = new(StringComparer.Ordinal);
    private readonly CancellationToken _cancellationToken;

    public DeploymentVerifier(CancellationToken cancellationToken) => _cancellationToken = cancellationToken;

    /// <summary>Verifies <paramref name="services"/> now, all of them side by side.</summary>
    public static async Task<VerificationResult> VerifyAsync(IEnumerable<IResource> services, VerifierAccountAnnotation? account, CancellationToken cancellationToken)
    {
        using var verifier = new DeploymentVerifier(cancellationToken);
        return await verifier.FinishAsync(services, account);
    }

    /// <summary>Begins the checks of one component's own endpoints (those of a service; nothing for infrastructure).</summary>
    public void Begin(IResource component)
    {
        if (component is ProjectResource service)
        {
            _components.GetOrAdd(service.Name, _ => CheckServiceAsync(service));
        }
    }

    /// <summary>
    /// Begins what was not begun among <paramref name="services"/>, then checks what a user does first, through
    /// the gateway, and waits for every check.
    /// </summary>
    public async Task<VerificationResult> FinishAsync(IEnumerable<IResource> services, VerifierAccountAnnotation? account)
    {
        var running = services.ToArray();
        foreach (var service in running)
        {
            Begin(service);
        }

        var notRun = OperationsVerification.NotRunBecause(running, account);
        var operations = notRun is null
            ? OperationsVerification.CheckAsync(_client, new Uri($"http://localhost:{PortOf(running.Single(service => service.Name == "api-gateway"))}"), running, account!, _cancellationToken)
            : Task.FromResult(CheckResults.None);

        var names = running.OfType<ProjectResource>().Select(service => service.Name).Order(StringComparer.Ordinal);
        var results = CheckResults.Combine(await Task.WhenAll(names.Select(name => _components[name]).Append(operations)));
        return new VerificationResult(results.Passed, results.Failed, notRun is null ? null : $"skipped: {notRun}");
    }

    public void Dispose() => _client.Dispose();

    private async Task<CheckResults> CheckServiceAsync(ProjectResource service)
    {
        var port = PortOf(service);
        string[] paths = service.Name == "auth-service" ? ["/health", "/alive", "/.well-known/jwks.json"] : ["/health", "/alive"];
        var checks = paths.Select(path => (Path: path, Expected: HttpStatusCode.OK, Name: $"{service.Name} {path}"))
            .Append((Path: ProtectedPath(service.Name), Expected: HttpStatusCode.Unauthorized, Name: $"{service.Name} refuses a request without a token"));
        var results = await Task.WhenAll(checks.Select(check => CheckStatusAsync(new Uri($"http://localhost:{port}{check.Path}"), check.Path, check.Expected, check.Name)));
        return CheckResults.Combine(results);
    }

    private async Task<CheckResults> CheckStatusAsync(Uri address, string path, HttpStatusCode expected, string check)
    {
        try
        {
            using var response = await _client.GetAsync(address, _cancellationToken);
            return response.StatusCode == expected
                ? CheckResults.Pass(check)
                : CheckResults.Fail($"{check}: GET {path} answered {(int)response.StatusCode}, not {(int)expected}");
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException && !_cancellationToken.IsCancellationRequested)
        {
            return CheckResults.Fail($"{check} did not answer: {exception.Message}");
        }
    }

    private static int PortOf(IResource service) => service.Annotations.OfType<PlatformPortAnnotation>().Single().LocalPort;

    // Every path but health, liveness, metrics and the sign-in routes needs a token; these name a real resource.
    private static string ProtectedPath(string service) => service is "auth-service" or "api-gateway" ? "/auth/me" : "/";
}

/// <summary>The checks that passed, those that failed (with what they saw), and what was skipped.</summary>
internal sealed record VerificationResult(IReadOnlyList<string> Passed, IReadOnlyList<string> Failed, string? Skipped)
{
    public string Summary => Failed.Count == 0
        ? $"{Passed.Count} checks passed{(Skipped is null ? "" : $"; {Skipped}")}"
        : $"{Failed.Count} of {Passed.Count + Failed.Count} checks failed: {string.Join("; ", Failed)}";
}

/// <summary>What some checks found, in the order they were listed.</summary>
internal sealed record CheckResults(IReadOnlyList<string> Passed, IReadOnlyList<string> Failed)
{
    public static CheckResults None { get; } = new([], []);

    public static CheckResults Pass(string check) => new([check], []);

    public static CheckResults Fail(string finding) => new([], [finding]);

    public static CheckResults Combine(IEnumerable<CheckResults> results)
    {
        var all = results.ToArray();
        return new([.. all.SelectMany(result => result.Passed)], [.. all.SelectMany(result => result.Failed)]);
    }
}
