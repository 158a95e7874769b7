using Aspire.Hosting.ApplicationModel;

namespace DeployCode.Orchestrator.Health;

/// <summary>
/// The flow document's verification step, run after the last phase: every service's endpoints answer,
/// and auth-service publishes its signing keys. Checks that need features still to come are named as skipped.
/// </summary>
internal static class DeploymentVerifier
{
    /// <summary>What cannot be verified yet, and why; reported with every verification.</summary>
    public const string Skipped =
        "MCP checks (no token refused, a valid token accepted, initialize and list tools) are skipped: " +
        "auth-service does not issue tokens yet and the MCP servers do not serve MCP yet";

    public static async Task<VerificationResult> VerifyAsync(IEnumerable<IResource> services, CancellationToken cancellationToken)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var passed = new List<string>();
        var failed = new List<string>();
        foreach (var service in services.OfType<ProjectResource>().OrderBy(service => service.Name, StringComparer.Ordinal))
        {
            var port = service.Annotations.OfType<PlatformPortAnnotation>().Single().LocalPort;
            string[] paths = service.Name == "auth-service" ? ["/health", "/alive", "/.well-known/jwks.json"] : ["/health", "/alive"];
            foreach (var path in paths)
            {
                var check = $"{service.Name} {path}";
                try
                {
                    using var response = await client.GetAsync(new Uri($"http://localhost:{port}{path}"), cancellationToken);
                    (response.IsSuccessStatusCode ? passed : failed).Add(response.IsSuccessStatusCode ? check : $"{check} answered {(int)response.StatusCode}");
                }
                catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
                {
                    failed.Add($"{check} did not answer: {exception.Message}");
                }
            }
        }

        return new VerificationResult(passed, failed, Skipped);
    }
}

/// <summary>The checks that passed, those that failed (with what they saw), and what was skipped.</summary>
internal sealed record VerificationResult(IReadOnlyList<string> Passed, IReadOnlyList<string> Failed, string Skipped)
{
    public string Summary => Failed.Count == 0
        ? $"{Passed.Count} checks passed; {Skipped}"
        : $"{Failed.Count} of {Passed.Count + Failed.Count} checks failed: {string.Join("; ", Failed)}";
}
