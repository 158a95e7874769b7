using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace DeployCode.ServiceDefaults;

/// <summary>
/// Healthy when a dependency answers an HTTP GET with a success status within the check's timeout.
/// The address goes through service discovery (<c>http://auth-service/...</c>).
/// </summary>
internal sealed class HttpDependencyHealthCheck(IHttpClientFactory clientFactory, Uri address) : IHealthCheck
{
    /// <summary>The named client: service discovery, no retries, so a check reports what it sees now.</summary>
    public const string ClientName = "deploycode-health";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            using var client = clientFactory.CreateClient(ClientName);
            using var response = await client.GetAsync(address, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            return response.IsSuccessStatusCode
                ? HealthCheckResult.Healthy($"{address} answered {(int)response.StatusCode}")
                : new HealthCheckResult(context.Registration.FailureStatus, $"{address} answered {(int)response.StatusCode}");
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException or InvalidOperationException)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, $"{address} did not answer: {exception.Message}", exception);
        }
    }
}
