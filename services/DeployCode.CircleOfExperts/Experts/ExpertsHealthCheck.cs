using DeployCode.CircleOfExperts.Endpoints;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace DeployCode.CircleOfExperts.Experts;

/// <summary>Healthy while at least one expert can be asked; degraded (still serving, saying how to fix it) otherwise.</summary>
internal sealed class ExpertsHealthCheck(ExpertCatalog catalog, ExpertAvailability availability) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var statuses = catalog.Experts.ToDictionary(expert => expert.Name, availability.StatusOf);
        var data = statuses.ToDictionary(entry => entry.Key, entry => (object)(entry.Value.Available ? "available" : $"unavailable: {entry.Value.Reason}"));
        var available = statuses.Count(entry => entry.Value.Available);
        return Task.FromResult(available > 0
            ? HealthCheckResult.Healthy($"{available} of {statuses.Count} experts available", data)
            : HealthCheckResult.Degraded(
                (statuses.Count == 0 ? "No expert is configured. " : "No expert is available. ") + ExpertEndpoints.HowToConfigure, data: data));
    }
}
