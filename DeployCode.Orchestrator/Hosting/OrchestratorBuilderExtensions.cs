using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Lifecycle;
using DeployCode.Orchestrator;
using DeployCode.Orchestrator.Configuration;
using DeployCode.Orchestrator.Networking;
using DeployCode.Orchestrator.Resources;
using DeployCode.Orchestrator.Runtime;
using DeployCode.Contracts;
using DeployCode.Orchestrator.Gating;
using DeployCode.Orchestrator.Recovery;
using DeployCode.Orchestrator.Telemetry;
using DeployCode.Orchestrator.Deployment;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Configuration;
using DeployCode.Orchestrator.Model;
using DeployCode.Orchestrator.Planning;

namespace Aspire.Hosting;

/// <summary>Adds the Deploy-Code orchestrator to an Aspire AppHost.</summary>
public static class OrchestratorBuilderExtensions
{
    /// <summary>The resource type shown in the dashboard.</summary>
    internal const string ResourceType = "DeployCode";

    /// <summary>
    /// Adds the <c>deploy-code</c> orchestrator: reads the <c>DeployCode</c> configuration section, chooses
    /// container or process mode for this machine (probing the container engine for at most two seconds),
    /// looks for the binaries process mode runs infrastructure from (each required when the AppHost adds what runs
    /// from it), and shows the deployment's progress in the dashboard.
    /// Call it before adding any platform resource: they ask it how to run.
    /// </summary>
    /// <example>
    /// <code>
    /// var builder = DistributedApplication.CreateBuilder(args);
    /// var deployCode = builder.AddDeployCodeOrchestrator("deploy-code", platformName: "Shop");
    /// var db = builder.AddPlatformPostgres("db");
    /// </code>
    /// </example>
    /// <param name="builder">The AppHost's builder.</param>
    /// <param name="name">The orchestrator's resource name.</param>
    /// <param name="platformName">
    /// What the platform is called: in the log ("Shop healthy: …"), the deployment's trace and Grafana's dashboards, and
    /// as a slug (<c>shop</c>) the artifacts' network, labels and secret.
    /// </param>
    /// <exception cref="DeployCodeConfigurationException">A setting is invalid, or process mode lacks a binary; nothing has started.</exception>
    public static IResourceBuilder<OrchestratorResource> AddDeployCodeOrchestrator(this IDistributedApplicationBuilder builder, [ResourceName] string name, string platformName = "platform")
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(name);
        var platform = PlatformName.From(platformName);
        if (builder.Resources.OfType<OrchestratorResource>().Any())
        {
            throw new InvalidOperationException("AddDeployCodeOrchestrator was already called: one orchestrator runs the platform.");
        }

        var section = builder.Configuration.GetSection(DeployCodeOptions.SectionName);
        // Artifacts are for production: publish takes the production budgets unless a profile is named.
        var settings = DeployCodeSettings.Read(section, builder.ExecutionContext.IsPublishMode ? BudgetProfiles.Production : BudgetProfiles.Default);
        var problems = new List<ConfigurationProblem>();
        var options = DeployCodeOptionsReader.Read(section, problems);
        if (problems.Count > 0)
        {
            // These shape the model, so they stop the build; what else is wrong is said with them.
            throw new DeployCodeConfigurationException([.. problems, .. settings.Problems]);
        }

        var locator = BinaryLocator.FromEnvironment();
        var runtime = SelectRuntime(builder, options, locator);
        var binaries = runtime.Mode == RuntimeMode.Process ? ProcessModeBinaries.Find(locator) : null;
        var resource = new OrchestratorResource(
            name,
            options,
            settings,
            runtime,
            StateDirectory.Resolve(options.StateDirectory, UnixAccount.CurrentIsRoot),
            binaries,
            HostGpus.Discover(options.Gpus, locator),
            builder.ExecutionContext.IsPublishMode ? PlatformPortAllocator.ForArtifacts(options.Ports) : PlatformPortAllocator.ForThisMachine(options.Ports))
        {
            VolumeScope = builder.ExecutionContext.IsPublishMode ? null : VolumeScopeOf(StateDirectory.Resolve(options.StateDirectory, UnixAccount.CurrentIsRoot)),
            Platform = platform,
        };

        resource.TelemetryPort = resource.Ports.Assign(name, options.Telemetry.Port);
        resource.ConfiguredSettings = KnownGoodConfiguration.Flatten(section);
        builder.Services.AddSingleton<PlatformRegistry>();
        builder.Services.AddSingleton<DeploymentMetrics>();
        builder.Services.AddSingleton(services => DeploymentTraceExport.Create(builder.Configuration, runtime.Mode));
        QuietHealthProbe.Register(builder, options.Gating.ProbeTimeout);
        builder.Services.AddSingleton(services => new ServiceSupervisor(
            services.GetRequiredService<ResourceNotificationService>(),
            services.GetRequiredService<ResourceCommandService>(),
            services.GetRequiredService<ResourceLoggerService>(),
            services.GetRequiredService<QuietHealthProbe>(),
            services.GetRequiredService<PlatformRegistry>(),
            options.Recovery,
            TimeProvider.System,
            services.GetRequiredService<ILogger<OrchestratorResource>>()));
        builder.Services.AddSingleton<DeploymentEngine>();
        builder.Services.AddEventingSubscriber<DeploymentStartSubscriber>();
        builder.Services.AddEventingSubscriber<ServiceProcessPolicySubscriber>();
        HealthGatingBuilderExtensions.AddHealthGate(builder, options.Gating);
#pragma warning disable ASPIREPIPELINES001 // Aspire 13's pipeline API is marked experimental.
        DeployCode.Orchestrator.Publishing.PublishingSteps.Add(builder.Pipeline, resource, options.Publish);
#pragma warning restore ASPIREPIPELINES001

        return builder.AddResource(resource)
            .WithInitialState(new CustomResourceSnapshot
            {
                ResourceType = ResourceType,
                State = new ResourceStateSnapshot(DeploymentStates.Starting, KnownResourceStateStyles.Info),
                Properties =
                [
                    // The dashboard's Source column: what this resource is, as a project's path says for a project.
                    new(CustomResourceKnownProperties.Source, "Deploy-Code orchestrator"),
                    OrchestratorProperties.Create(OrchestratorProperties.Runtime, runtime.ModeName),
                    OrchestratorProperties.Create(OrchestratorProperties.RuntimeReason, runtime.Reason),
                    OrchestratorProperties.Create(OrchestratorProperties.StateDirectory, resource.StateDirectory),
                    OrchestratorProperties.Create(OrchestratorProperties.HostGpus, resource.HostGpus),
                ],
            })
            .WithCommand("verify", "Verify", VerifyAsync, new CommandOptions
            {
                Description = "Makes every check of the deployment's verification again on what runs: each component's own endpoints, then signing in as the deploy-code service account and the signed-in checks through the entry point; reports what passed, failed and was skipped.",
                IconName = "CheckmarkCircle",
                UpdateState = context => context.ResourceSnapshot.State?.Text?.StartsWith(DeploymentStates.Running, StringComparison.Ordinal) == true
                    ? ResourceCommandState.Enabled
                    : ResourceCommandState.Disabled,
            })
            .WithCommand("redeploy", "Redeploy", context => RunAsync(context, (engine, token) => engine.RedeployAsync(token)), new CommandOptions
            {
                Description = "Takes up the configuration as it is now, restarts every service phase by phase, each gated on health, and verifies.",
                IconName = "ArrowSync",
                UpdateState = WhenSettled,
            })
            .WithCommand("roll-back", "Roll back", context => RunAsync(context, (engine, token) => engine.RollBackAsync(token)), new CommandOptions
            {
                Description = "Restores the last known-good configuration (saved at each successful deployment) and starts every stopped service again.",
                IconName = "ArrowUndo",
                ConfirmationMessage = "Restore the last known-good configuration and restart what it changes?",
                UpdateState = WhenSettled,
            })
            .ExcludeFromManifest();
    }

    // Redeploy and Roll back: once the first deployment is done, and not while another change runs.
    private static ResourceCommandState WhenSettled(UpdateCommandStateContext context)
    {
        var engine = context.Services.GetRequiredService<DeploymentEngine>();
        return engine.IsReady && !engine.IsBusy ? ResourceCommandState.Enabled : ResourceCommandState.Disabled;
    }

    private static async Task<ExecuteCommandResult> RunAsync(ExecuteCommandContext context, Func<DeploymentEngine, CancellationToken, Task<UpdateRecord>> change)
    {
        var engine = context.Services.GetRequiredService<DeploymentEngine>();
        if (!engine.IsReady)
        {
            return new ExecuteCommandResult { Success = false, Message = "The platform is still being deployed; try again once it runs." };
        }

        var record = await change(engine, context.CancellationToken);
        return new ExecuteCommandResult { Success = record.Succeeded, Message = record.Detail };
    }

    // The Verify command: the same checks as after the last phase, on what runs now.
    private static async Task<ExecuteCommandResult> VerifyAsync(ExecuteCommandContext context)
    {
        var model = context.Services.GetRequiredService<DistributedApplicationModel>();
        var notifications = context.Services.GetRequiredService<ResourceNotificationService>();
        var running = model.Resources.Where(PlatformComponents.RunsHere).Where(resource =>
            notifications.TryGetCurrentState(resource.Name, out var current) && current.Snapshot.State?.Text == KnownResourceStates.Running);
        var verification = await DeployCode.Orchestrator.Health.DeploymentVerifier.VerifyAsync(running, model.Resources.OfType<OrchestratorResource>().Single().VerifierAccount, context.CancellationToken);
        return verification.Failed.Count == 0
            ? new ExecuteCommandResult { Success = true, Message = verification.Summary }
            : new ExecuteCommandResult { Success = false, Message = verification.Summary };
    }

    /// <summary>The orchestrator added by <see cref="AddDeployCodeOrchestrator"/>; platform resources ask it how to run.</summary>
    internal static OrchestratorResource GetDeployCode(this IDistributedApplicationBuilder builder) =>
        builder.Resources.OfType<OrchestratorResource>().SingleOrDefault()
        ?? throw new InvalidOperationException(
            "Call builder.AddDeployCodeOrchestrator(\"deploy-code\") before adding platform resources: it decides whether they run as containers or processes.");

    // Eight hex digits of the state folder's path: short enough for the engine's listings, distinct per folder.
    private static string VolumeScopeOf(string stateDirectory) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(Path.GetFullPath(stateDirectory))))[..8];

    private static RuntimeSelection SelectRuntime(IDistributedApplicationBuilder builder, DeployCodeOptions options, BinaryLocator locator)
    {
        if (builder.ExecutionContext.IsPublishMode)
        {
            return new RuntimeSelection(RuntimeMode.Container, "docker", "publish mode always writes the container model");
        }

        var probe = new ContainerEngineProbe(locator, ContainerEngineProbe.DefaultTimeout);
        // Aspire reads the preferred engine from configuration (environment or command line); so does the probe.
        var preferred = builder.Configuration["ASPIRE_CONTAINER_RUNTIME"];
        var engines = ContainerEngineProbe.EngineOrder(preferred);

        // The model is being built synchronously; the probe is bounded by its own two-second budget.
        return RuntimeSelector.SelectAsync(options.Runtime, preferred, cancellationToken => probe.ProbeAsync(engines, cancellationToken), CancellationToken.None)
            .GetAwaiter().GetResult();
    }
}
