using System.Security.Cryptography;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace DeployCode.AppHost.Tests;

/// <summary>Starts the real AppHost through DCP in process mode, with its own state folder and secrets.</summary>
internal static class PlatformLauncher
{
    public static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(6);

    /// <summary>Secrets given explicitly, so tests never write the developer's user secrets and a restart reuses them.</summary>
    public static Dictionary<string, string> NewSecrets() => new()
    {
        ["postgresql-password"] = RandomNumberGenerator.GetHexString(32),
        ["redis-password"] = RandomNumberGenerator.GetHexString(32),
        ["jwt-signing-key"] = RandomNumberGenerator.GetHexString(48),
        ["gateway-forwarding-secret"] = RandomNumberGenerator.GetHexString(48),
        ["deploy-code-verifier-password"] = RandomNumberGenerator.GetHexString(32),
        ["grafana-admin-password"] = RandomNumberGenerator.GetHexString(32),
    };

    /// <summary>Builds the app; the caller owns it from here, so a failed start still disposes it.</summary>
    public static Task<DistributedApplication> BuildAsync(string stateDirectory, IReadOnlyDictionary<string, string> secrets, ResourceEventLog events, CancellationToken cancellationToken, params string[] settings) =>
        BuildAsync(stateDirectory, secrets, events, _ => { }, cancellationToken, settings);

    /// <summary>Builds the app after <paramref name="configure"/> has added to the AppHost's model or configuration.</summary>
    public static async Task<DistributedApplication> BuildAsync(
        string stateDirectory, IReadOnlyDictionary<string, string> secrets, ResourceEventLog events, Action<IDistributedApplicationTestingBuilder> configure, CancellationToken cancellationToken, params string[] settings)
    {
        string[] args =
        [
            "DeployCode:Runtime=process",
            $"DeployCode:StateDirectory={stateDirectory}",
            .. secrets.Select(secret => $"Parameters:{secret.Key}={secret.Value}"),
            .. settings,
        ];
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.DeployCode_AppHost>(args, cancellationToken);
        configure(builder);
        var app = await builder.BuildAsync(cancellationToken);
        events.Follow(app.Services.GetRequiredService<ResourceNotificationService>(), app.Services.GetRequiredService<ResourceLoggerService>(), stateDirectory);
        return app;
    }

    /// <summary>Starts the app and waits until everything that runs here is healthy.</summary>
    public static async Task StartAsync(DistributedApplication app, CancellationToken cancellationToken)
    {
        await app.StartAsync(cancellationToken).WaitAsync(StartTimeout, cancellationToken);
        var model = app.Services.GetRequiredService<DistributedApplicationModel>();
        await Task.WhenAll(StartedHere(model).Select(resource =>
            app.ResourceNotifications.WaitForResourceHealthyAsync(resource.Name, cancellationToken)))
            .WaitAsync(StartTimeout, cancellationToken);
    }

    /// <summary>
    /// Resources DCP runs on this machine: not parameters, children, unavailable components, nor resources
    /// started only on request (Aspire's project rebuilders).
    /// </summary>
    public static IEnumerable<IResource> StartedHere(DistributedApplicationModel model) =>
        model.Resources.Where(DeployCode.Orchestrator.Planning.PlatformComponents.RunsHere);
}
