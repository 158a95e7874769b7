using System.Globalization;
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
    public static IDistributedApplicationBuilder AddDeployCodeHealthGating(this IDistributedApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var section = builder.Configuration.GetSection($"{DeployCodeOptions.SectionName}:Gating");
        if (!ReadEnabled(section["Enabled"]) || builder.Services.Any(service => service.ServiceType == typeof(HealthGate)))
        {
            return builder;
        }

        var options = new HealthGateOptions { ProbeInterval = ReadInterval(section["ProbeIntervalMilliseconds"]) };
        QuietHealthProbe.Register(builder);
        builder.Services.AddSingleton(services => new HealthGate(
            services.GetRequiredService<Aspire.Hosting.ApplicationModel.ResourceNotificationService>(),
            services.GetRequiredService<QuietHealthProbe>(),
            services.GetRequiredService<IHostApplicationLifetime>(),
            services.GetRequiredService<ILogger<HealthGate>>(),
            options));
        builder.Services.AddEventingSubscriber<HealthGateSubscriber>();
        return builder;
    }

    private static bool ReadEnabled(string? text) => text is null || (bool.TryParse(text, out var enabled)
        ? enabled
        : throw new DeployCodeConfigurationException($"DeployCode:Gating:Enabled is '{text}'; give true or false."));

    private static TimeSpan ReadInterval(string? text)
    {
        if (text is null)
        {
            return HealthGateOptions.DefaultProbeInterval;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var milliseconds) && milliseconds is >= 1 and <= 10_000
            ? TimeSpan.FromMilliseconds(milliseconds)
            : throw new DeployCodeConfigurationException($"DeployCode:Gating:ProbeIntervalMilliseconds is '{text}'; give a whole number of milliseconds from 1 to 10000 (default 20).");
    }
}
