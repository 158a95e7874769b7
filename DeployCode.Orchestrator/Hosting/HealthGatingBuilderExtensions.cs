using DeployCode.Orchestrator.Configuration;
using DeployCode.Orchestrator.Gating;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Aspire.Hosting.Lifecycle;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Aspire.Hosting;

/// <summary>Deploy-Code's health gate on its own, for AppHosts that want fast <c>WaitFor</c> without the orchestrator.</summary>
public static class HealthGatingBuilderExtensions
{
    /// <summary>
    /// Makes every <c>WaitFor</c> of the application release its resource within milliseconds of the
    /// dependency turning healthy, instead of after Aspire's one-to-five-second health-check back-off.
    /// <c>DeployCode:Gating:ProbeIntervalMilliseconds</c> (default 20) sets how often a starting dependency is
    /// probed; <c>DeployCode:Gating:Enabled=false</c> leaves waiting to Aspire alone.
    /// <see cref="OrchestratorBuilderExtensions.AddDeployCodeOrchestrator"/> calls it.
    /// </summary>
    /// <exception cref="DeployCodeConfigurationException">A setting of the gate or the probe is unusable; each is named.</exception>
    public static IDistributedApplicationBuilder AddDeployCodeHealthGating(this IDistributedApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var problems = new List<ConfigurationProblem>();
        var gating = DeployCodeOptionsReader.ReadGating(builder.Configuration.GetSection(DeployCodeOptions.SectionName), problems);
        if (problems.Count > 0)
        {
            throw new DeployCodeConfigurationException(problems);
        }

        AddHealthGate(builder, gating);
        return builder;
    }

    /// <summary>Registers the gate once with <paramref name="gating"/>, unless it is turned off.</summary>
    internal static void AddHealthGate(IDistributedApplicationBuilder builder, GatingOptions gating)
    {
        if (!gating.Enabled || builder.Services.Any(service => service.ServiceType == typeof(HealthGate)))
        {
            return;
        }

        QuietHealthProbe.Register(builder, gating.ProbeTimeout);
        builder.Services.AddSingleton(services => new HealthGate(
            services.GetRequiredService<Aspire.Hosting.ApplicationModel.ResourceNotificationService>(),
            services.GetRequiredService<QuietHealthProbe>(),
            services.GetRequiredService<IHostApplicationLifetime>(),
            services.GetRequiredService<ILogger<HealthGate>>(),
            gating));
        builder.Services.AddEventingSubscriber<HealthGateSubscriber>();
    }
}
