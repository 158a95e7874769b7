using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace DeployCode.McpBashGod.Sandbox;

/// <summary>
/// Degraded, with the cause and the fix, while commands cannot run in their sandbox (the other tools still work);
/// healthy otherwise, saying which network commands get.
/// </summary>
internal sealed class SandboxHealthCheck(SandboxAvailability availability, IOptions<BashGodOptions> options) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var network = options.Value.Network == BashGodOptions.NetworkHost
            ? "network: host (commands reach what this service reaches: BashGod:Network=host)"
            : "network: none (commands reach only their sandbox's loopback)";
        var data = new Dictionary<string, object> { ["network"] = options.Value.Network };
        var state = await availability.StateAsync(cancellationToken);
        data["ownProc"] = state.OwnProc;
        return state.Problem is { } problem
            ? HealthCheckResult.Degraded($"{problem} ({network})", data: data)
            : HealthCheckResult.Healthy($"{state.Description}; {network}", data);
    }
}
