using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using DeployCode.Orchestrator.Model;

namespace DeployCode.Orchestrator.Deployment;

/// <summary>
/// What the orchestrator shows in the dashboard, for the first deployment and every later change alike: the step it
/// is at, and how it ended. A failure always ends in <see cref="DeploymentStates.Failed"/> with its cause.
/// </summary>
internal sealed class DeploymentStatus(ResourceNotificationService notifications, OrchestratorResource orchestrator)
{
    /// <summary>Shows <paramref name="step"/> (Validating, Deploying phase 2/5, Updating, …) as the orchestrator's state.</summary>
    public Task ShowStepAsync(string step) => ShowAsync(new ResourceStateSnapshot(step, KnownResourceStateStyles.Info));

    /// <summary>Shows <paramref name="state"/> with <paramref name="properties"/> set over the orchestrator's others.</summary>
    public Task ShowAsync(ResourceStateSnapshot? state, params (string Name, object Value)[] properties) =>
        notifications.PublishUpdateAsync(orchestrator, snapshot =>
        {
            var shown = snapshot.Properties;
            foreach (var (name, value) in properties)
            {
                shown = shown.With(name, value);
            }

            return snapshot with { State = state ?? snapshot.State, Properties = shown };
        });

    /// <summary>Sets <paramref name="properties"/> and keeps the state as it is.</summary>
    public Task ShowPropertiesAsync(params (string Name, object Value)[] properties) => ShowAsync(null, properties);

    /// <summary>Running, with how many components are held and how many failed.</summary>
    public Task ShowRunningAsync(params (string Name, object Value)[] properties) =>
        ShowAsync(DeploymentStates.RunningState(orchestrator.Allocation?.Held.Count() ?? 0, orchestrator.StartFailures.Count), properties);

    /// <summary>Failed, with <paramref name="reason"/> as the cause and <paramref name="properties"/> beside it.</summary>
    public Task FailAsync(string reason, params (string Name, object Value)[] properties) =>
        ShowAsync(new ResourceStateSnapshot(DeploymentStates.Failed, KnownResourceStateStyles.Error), [.. properties, (OrchestratorProperties.FailureReason, reason)]);
}
