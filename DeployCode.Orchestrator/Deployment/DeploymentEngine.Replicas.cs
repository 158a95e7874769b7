using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Logging;
using DeployCode.Orchestrator.Model;

namespace DeployCode.Orchestrator.Deployment;

// Moving work to another replica: what comes before a rollback for a service that runs several copies.
internal sealed partial class DeploymentEngine
{
    /// <summary>
    /// A service that restarts could not bring back, with another replica running and healthy: it is stopped,
    /// and if it was serving its dependents they are pointed at the healthy replica (their references and their
    /// wait) and restarted in dependency order, each gated on health. Null when no replica can take over.
    /// </summary>
    private async Task<UpdateRecord?> MoveToReplicaAsync(Deployment deployment, IResource failed, string reason, CancellationToken cancellationToken)
    {
        var service = failed.ServiceName();
        var orchestrator = deployment.Orchestrator;
        IResource? healthy = null;
        foreach (var candidate in deployment.Deployed.Where(resource => resource.ServiceName() == service && resource.Name != failed.Name))
        {
            if (await supervisor.IsHealthyAsync(candidate, cancellationToken))
            {
                healthy = candidate;
                break;
            }
        }

        if (healthy is null)
        {
            return null;
        }

        var serving = orchestrator.ActiveReplicas.GetValueOrDefault(service, service);
        var cause = $"{failed.Name}: {reason}";
        await Status.ShowAsync(new ResourceStateSnapshot(DeploymentStates.Updating, KnownResourceStateStyles.Warn), (OrchestratorProperties.RollbackCause, cause));
        Log.LogWarning("{Message}", $"{cause}. {healthy.Name} is healthy: stopping {failed.Name}{(serving == failed.Name ? $" and moving its work to {healthy.Name}" : "")}");
        await supervisor.StopWithDependentsAsync(failed, [], $"its work moved to {healthy.Name}", cancellationToken);
        if (serving != failed.Name)
        {
            // A spare copy failed: nothing was using it.
            var spare = $"stopped {failed.Name}, a replica nothing was using; {serving} goes on serving {service}";
            return await EndAsync(new Ending(UpdateKinds.Moved, true, $"{cause}; {spare}", [], spare, Shown.Running));
        }

        orchestrator.ActiveReplicas[service] = healthy.Name;
        var direct = deployment.Deployed.Where(resource => deployment.Graph.DependsOn.GetValueOrDefault(resource.Name)?.Contains(service) == true).ToArray();
        foreach (var dependent in direct)
        {
            // Aspire waits again on every start: the dependent now waits for the replica it will use.
            foreach (var wait in dependent.Annotations.OfType<WaitAnnotation>().Where(wait => wait.Resource.Name == failed.Name).ToArray())
            {
                dependent.Annotations.Remove(wait);
                dependent.Annotations.Add(new WaitAnnotation(healthy, wait.WaitType, wait.ExitCode));
            }
        }

        var (restarted, stillFailing, failure) = await RestartInOrderAsync(deployment, direct.Select(resource => resource.Name), $"{service}'s work moved to {healthy.Name}", cancellationToken);
        var endpoint = healthy is IResourceWithEndpoints withEndpoints ? withEndpoints.GetEndpoint("http").Url : healthy.Name;
        var outcome = stillFailing is null
            ? $"moved the work of {service} to {healthy.Name} ({endpoint}); restarted {Listed(restarted)} against it"
            : $"moved the work of {service} to {healthy.Name} ({endpoint}), but {stillFailing} fails against it: {failure}";
        return await EndAsync(new Ending(UpdateKinds.Moved, stillFailing is null, $"{cause}; {outcome}", restarted, outcome, stillFailing is null ? Shown.Running : Shown.Failed)
        {
            Level = stillFailing is null ? LogLevel.Warning : LogLevel.Error,
        });
    }
}
