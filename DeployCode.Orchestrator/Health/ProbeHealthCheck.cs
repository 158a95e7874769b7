using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace DeployCode.Orchestrator.Health;

/// <summary>Healthy when a real operation against the resource (a query, a PING) completes.</summary>
internal sealed class ProbeHealthCheck(Func<CancellationToken, Task> probe) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await probe(cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, exception.Message, exception);
        }
    }
}
