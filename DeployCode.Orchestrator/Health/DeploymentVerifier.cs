using System.Net;
using Aspire.Hosting.ApplicationModel;

namespace DeployCode.Orchestrator.Health;

/// <summary>
/// The flow document's verification step, run after the last phase and on Verify: every service's endpoints answer,
/// auth-service publishes its signing keys, every service refuses a request without a token, and (see
/// <see cref="OperationsVerification"/>) the verifier account signs in and uses the platform through the gateway.
/// </summary>
internal static class DeploymentVerifier
{
    public static async Task<VerificationResult> VerifyAsync(IEnumerable<IResource> services, VerifierAccountAnnotation? account, CancellationToken cancellationToken)
    {
        var running = services.ToArray();
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var passed = new List<string>();
        var failed = new List<string>();
        foreach (var service in running.OfType<ProjectResource>().OrderBy(service => service.Name, StringComparer.Ordinal))
        {
            var port = PortOf(service);
            string[] paths = service.Name == "auth-service" ? ["/health", "/alive", "/.well-known/jwks.json"] : ["/health", "/alive"];
            var checks = paths.Select(path => (Path: path, Expected: HttpStatusCode.OK, Name: $"{service.Name} {path}"))
                .Append((Path: ProtectedPath(service.Name), Expected: HttpStatusCode.Unauthorized, Name: $"{service.Name} refuses a request without a token"));
            foreach (var (path, expected, check) in checks)
            {
                try
                {
                    using var response = await client.GetAsync(new Uri($"http://localhost:{port}{path}"), cancellationToken);
                    var ok = response.StatusCode == expected;
                    (ok ? passed : failed).Add(ok ? check : $"{check}: GET {path} answered {(int)response.StatusCode}, not {(int)expected}");
                }
                catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
                {
                    failed.Add($"{check} did not answer: {exception.Message}");
                }
            }
        }

        var notRun = OperationsVerification.NotRunBecause(running, account);
        if (notRun is null)
        {
            var gateway = PortOf(running.Single(service => service.Name == "api-gateway"));
            await OperationsVerification.CheckAsync(client, new Uri($"http://localhost:{gateway}"), running, account!, passed, failed, cancellationToken);
        }

        return new VerificationResult(passed, failed, notRun is null ? null : $"skipped: {notRun}");
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
