using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace DeployCode.ServiceDefaults;

/// <summary>Healthy when a folder exists and a file can be created in it: the store of file-based services.</summary>
internal sealed class WritableDirectoryHealthCheck(string path) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!Directory.Exists(path))
        {
            return new HealthCheckResult(context.Registration.FailureStatus, $"{path} does not exist");
        }

        var probe = Path.Combine(path, $".health-{Environment.ProcessId}-{Guid.NewGuid():N}");
        try
        {
            await File.WriteAllTextAsync(probe, "ok", cancellationToken);
            return HealthCheckResult.Healthy($"{path} is writable");
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, $"{path} is not writable: {exception.Message}", exception);
        }
        finally
        {
            File.Delete(probe);
        }
    }
}
