using System.Collections.Concurrent;
using System.Net;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using DeployCode.Orchestrator.Model;

namespace DeployCode.Orchestrator.Health;

/// <summary>
/// The flow document's verification step, as the model asks for it (<c>PlatformCheckAnnotation</c>): each component's
/// own endpoints answer, or refuse a request without a token, and (see <see cref="OperationsVerification"/>) the
/// verifier account signs in and uses the platform through the entry point. A deployment begins each component's own
/// checks as soon as that component is healthy (<see cref="Begin"/>), while later phases still start, and ends with
/// the signed-in checks (<see cref="FinishAsync"/>); Verify and Redeploy run it all at once (<see cref="VerifyAsync"/>).
/// Checks run side by side; the summary lists them in a fixed order.
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

    /// <summary>Begins the checks of one component's own endpoints (none when the model gives it none).</summary>
    public void Begin(IResource component)
    {
        var own = component.Annotations.OfType<PlatformCheckAnnotation>().Where(check => !check.IsSignedIn).ToArray();
        if (own.Length > 0)
        {
            _components.GetOrAdd(component.Name, _ => CheckOwnAsync(component, own));
        }
    }

    /// <summary>
    /// Begins what was not begun among <paramref name="services"/>, then makes the signed-in checks, as a user does
    /// first, through the entry point, and waits for every check.
    /// </summary>
    public async Task<VerificationResult> FinishAsync(IEnumerable<IResource> services, VerifierAccountAnnotation? account)
    {
        var running = services.ToArray();
        foreach (var service in running)
        {
            Begin(service);
        }

        // Through the entry point a service answers as one, whichever replica serves: its signed-in checks are made once.
        // The entry point's own come first, then the others in the model's order.
        var signedIn = running.Where(service => service.ServiceName() == service.Name)
            .OrderBy(service => service.HasAnnotationOfType<PlatformEntryPointAnnotation>() ? 0 : 1)
            .SelectMany(service => service.Annotations.OfType<PlatformCheckAnnotation>().Where(check => check.IsSignedIn).Select(check => (Component: service, Check: check)))
            .ToArray();
        var entryPoint = running.Where(service => service.HasAnnotationOfType<PlatformEntryPointAnnotation>())
            .OrderBy(service => service.ServiceName() == service.Name ? 0 : 1).ThenBy(service => service.Name, StringComparer.Ordinal)
            .FirstOrDefault();
        var notRun = OperationsVerification.NotRunBecause(signedIn.Length, entryPoint, account);
        var operations = signedIn.Length == 0 || notRun is not null ? Task.FromResult(CheckResults.None)
            : PortOf(entryPoint!) is { } port ? OperationsVerification.CheckAsync(_client, entryPoint!.Name, new Uri($"http://localhost:{port}"), signedIn, account!, _cancellationToken)
            : Task.FromResult(NoPort(entryPoint!));

        var names = running.Select(service => service.Name).Where(_components.ContainsKey).Order(StringComparer.Ordinal);
        var results = CheckResults.Combine(await Task.WhenAll(names.Select(name => _components[name]).Append(operations)));
        return new VerificationResult(results.Passed, results.Failed, notRun is null ? null : $"skipped: {notRun}");
    }

    public void Dispose() => _client.Dispose();

    private async Task<CheckResults> CheckOwnAsync(IResource component, IEnumerable<PlatformCheckAnnotation> checks)
    {
        if (PortOf(component) is not { } port)
        {
            return NoPort(component);
        }

        var results = await Task.WhenAll(checks.Select(check => check.Kind == PlatformCheckKind.Answers
            ? CheckStatusAsync(new Uri($"http://localhost:{port}{check.Path}"), check.Path, HttpStatusCode.OK, $"{component.Name} {check.Path}")
            : CheckStatusAsync(new Uri($"http://localhost:{port}{check.Path}"), check.Path, HttpStatusCode.Unauthorized, $"{component.Name} refuses a request without a token")));
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

    // The port the platform gave it (AddPlatformProject, WithPlatformHttpEndpoint); null for a resource it gave none.
    private static int? PortOf(IResource service) => service.Annotations.OfType<PlatformPortAnnotation>().LastOrDefault()?.LocalPort;

    private static CheckResults NoPort(IResource component) =>
        CheckResults.Fail($"{component.Name} has checks but no platform port to make them on: add it with AddPlatformProject, or give it WithPlatformHttpEndpoint");
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
