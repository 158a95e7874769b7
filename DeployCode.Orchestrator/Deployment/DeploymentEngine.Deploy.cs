using System.Diagnostics;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Eventing;
using Aspire.Hosting.Lifecycle;
using DeployCode.Orchestrator.Gating;
using DeployCode.Orchestrator.Planning;
using DeployCode.Orchestrator.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using DeployCode.Orchestrator.Model;

namespace DeployCode.Orchestrator.Deployment;

// The first deployment, an operation like every other: prepared before Aspire starts anything (Validating,
// Allocating, Networking), then followed phase by phase (Deploying phase k/n, Verifying, Running).
internal sealed partial class DeploymentEngine
{
    /// <summary>
    /// Begins the first deployment of <paramref name="model"/>, from Aspire's <see cref="BeforeStartEvent"/>. Returns once
    /// it is prepared, so that Aspire starts the resources; the deployment goes on following them until verified.
    /// Throws what stopped the preparation (an invalid configuration with every problem), so that nothing starts.
    /// </summary>
    public async Task BeginAsync(DistributedApplicationModel model)
    {
        var orchestrator = model.Resources.OfType<OrchestratorResource>().Single();
        _orchestrator = orchestrator;
        _began = DateTimeOffset.UtcNow;
        _log = new DeploymentLog(logger, resourceLoggers.GetLogger(orchestrator));
        var prepared = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var deploying = RunAsync("The deployment", "deploy", async cancellationToken =>
        {
            Preparation preparation;
            try
            {
                preparation = await PrepareAsync(orchestrator, model, cancellationToken);
            }
            catch (Exception exception)
            {
                prepared.TrySetException(exception);
                throw;
            }

            prepared.SetResult();
            return await FollowDeploymentAsync(orchestrator, model, preparation);
        }, CancellationToken.None);

        if (await Task.WhenAny(prepared.Task, deploying) != prepared.Task)
        {
            // Only an application stopping before the deployment could begin ends it unprepared.
            await deploying;
            throw new OperationCanceledException("The application stopped before the deployment began.");
        }

        await prepared.Task;
    }

    // When the first deployment began: the orchestrator's start time in the dashboard.
    private DateTimeOffset _began;

    /// <summary>What the first deployment prepared before anything starts.</summary>
    private sealed record Preparation(DeploymentPlan Plan, string[][] Phases, StartupTimeline Timeline);

    /// <summary>Validating, the plan, Allocating, Networking and the telemetry endpoint, each a step of the trace.</summary>
    private async Task<Preparation> PrepareAsync(OrchestratorResource orchestrator, DistributedApplicationModel model, CancellationToken cancellationToken)
    {
        var trace = _trace!;
        var timeline = new StartupTimeline();
        Log.LogInformation("Runtime: {Mode} ({Reason}); state folder {StateDirectory}", orchestrator.Runtime.ModeName, orchestrator.Runtime.Reason, orchestrator.StateDirectory);
        if (orchestrator.Runtime.Mode == Runtime.RuntimeMode.Container && orchestrator.Runtime.HostAddress is null)
        {
            Log.LogWarning("The {Engine} engine's bridge is not on this machine (Docker Desktop, rootless Podman), or it did not say where it is: " +
                "the services listen on loopback only, and containers rely on the engine's own host.docker.internal to reach them (Prometheus's scrapes)",
                orchestrator.Runtime.Engine);
        }

        foreach (var moved in orchestrator.PortReassignments)
        {
            Log.LogWarning("{Resource}: port {Preferred} is in use by another process; listening on {Assigned} instead", moved.ResourceName, moved.PreferredPort, moved.AssignedPort);
        }

        using (var step = trace.Step("validate"))
        {
            try
            {
                await ValidateAsync(orchestrator, model);
            }
            catch (Exception exception)
            {
                step.Fail(exception.Message);
                throw;
            }
        }

        DeploymentPlan plan;
        using (trace.Step("plan"))
        {
            plan = await PublishPlanAsync(orchestrator, model);
        }

        using (trace.Step("allocate"))
        {
            await AllocateAsync(orchestrator, model, plan);
        }

        using (trace.Step("network"))
        {
            await ConfigureNetworkAsync(orchestrator, model);
        }

        await StartTelemetryAsync(orchestrator, model, plan, trace, cancellationToken);

        var reassignments = string.Join(", ", orchestrator.PortReassignments.Select(moved => $"{moved.ResourceName} {moved.PreferredPort}→{moved.AssignedPort}"));
        await Status.ShowAsync(new ResourceStateSnapshot(DeploymentStates.Deploying, KnownResourceStateStyles.Info),
            (OrchestratorProperties.PortReassignments, reassignments.Length == 0 ? "none" : reassignments));

        var platform = model.Resources.Where(PlatformComponents.RunsHere).Select(resource => resource.Name).ToArray();
        var phases = plan.Phases.Select(phase => phase.Where(platform.Contains).ToArray()).Where(phase => phase.Length > 0).ToArray();
        return new Preparation(plan, phases, timeline);
    }

}
