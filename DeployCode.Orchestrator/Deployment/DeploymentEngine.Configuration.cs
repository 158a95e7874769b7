using System.Threading.Channels;
using Aspire.Hosting.ApplicationModel;
using DeployCode.Orchestrator.Configuration;
using DeployCode.Orchestrator.Planning;
using DeployCode.Orchestrator.Recovery;
using DeployCode.Orchestrator.Resources;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Primitives;
using DeployCode.Orchestrator.Model;

namespace DeployCode.Orchestrator.Deployment;

// Live configuration changes: an edit of the DeployCode section, validated, compared, applied, restarted.
internal sealed partial class DeploymentEngine
{
    // Editors save in several writes, and every configuration source signals its own reload: a burst of
    // signals becomes one look at the configuration once it has been quiet this long.
    private static readonly TimeSpan s_settle = TimeSpan.FromMilliseconds(300);

    // The settings of a change that was rolled back: not tried again until the file holds something else.
    private IReadOnlyDictionary<string, string>? _rolledBackFrom;

    private void WatchConfiguration()
    {
        // A settings file that fails to load is read as empty: every setting in it would look removed. The
        // failure is kept from throwing here; the file is read again before anything is applied.
        var files = SettingsFiles();
        foreach (var file in files)
        {
            file.Source.OnLoadException = failure => failure.Ignore = true;
        }

        logger.LogInformation("Configuration changes are applied live from {Files}", files.Length == 0 ? "no file (none is reloaded on change)" : string.Join(", ", files.Select(PathOf)));

        var signals = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
        var registration = ChangeToken.OnChange(configuration.GetReloadToken, () => signals.Writer.TryWrite(true));
        lifetime.ApplicationStopping.Register(registration.Dispose);
        _ = Task.Run(async () =>
        {
            try
            {
                while (await signals.Reader.WaitToReadAsync(lifetime.ApplicationStopping))
                {
                    do
                    {
                        await Task.Delay(s_settle, lifetime.ApplicationStopping);
                    }
                    while (signals.Reader.TryRead(out _));

                    await ApplyConfigurationAsync(lifetime.ApplicationStopping);
                }
            }
            catch (OperationCanceledException)
            {
            }
        }, CancellationToken.None);
    }

    /// <summary>
    /// Applies the <c>DeployCode</c> section as it is now, if it differs from what runs: refused (and nothing
    /// touched) when invalid; otherwise the budgets change and only the services whose settings changed restart,
    /// in dependency order, each gated on health. One that fails its gate brings the previous configuration back.
    /// </summary>
    /// <returns>What was done, or null when the section has not changed.</returns>
    public Task<UpdateRecord?> ApplyConfigurationAsync(CancellationToken cancellationToken) =>
        RunAsync("The configuration change", "change", token => ApplyConfigurationNowAsync(Current, token), cancellationToken);

    private FileConfigurationProvider[] SettingsFiles() =>
        (configuration as IConfigurationRoot)?.Providers.OfType<FileConfigurationProvider>().Where(provider => provider.Source.ReloadOnChange).ToArray() ?? [];

    private static string PathOf(FileConfigurationProvider file) =>
        file.Source.FileProvider is Microsoft.Extensions.FileProviders.PhysicalFileProvider physical ? Path.Combine(physical.Root, file.Source.Path ?? "") : file.Source.Path ?? "";

    /// <summary>The first settings file that exists but cannot be parsed, with the parser's message; null when all read.</summary>
    private string? UnreadableSettingsFile()
    {
        foreach (var file in SettingsFiles().Where(file => file.Source is Microsoft.Extensions.Configuration.Json.JsonConfigurationSource))
        {
            var path = PathOf(file);
            try
            {
                new ConfigurationBuilder().AddJsonFile(path, optional: true, reloadOnChange: false).Build();
            }
            catch (InvalidDataException failure)
            {
                return $"{path} could not be read ({failure.GetBaseException().Message})";
            }
        }

        return null;
    }

    private async Task<UpdateRecord?> ApplyConfigurationNowAsync(Deployment deployment, CancellationToken cancellationToken)
    {
        if (UnreadableSettingsFile() is { } unreadable)
        {
            return await EndAsync(new Ending(UpdateKinds.Refused, false, unreadable, [], $"{unreadable}; nothing was changed: fix the file and save it again", Shown.Unchanged));
        }

        var (flat, edited, change) = ReadEdit(deployment);
        if (change.IsEmpty || SameSettings(flat, _rolledBackFrom))
        {
            return null;
        }

        var (problems, allocation) = Check(deployment, edited, change);
        if (problems.Count > 0)
        {
            return await RefuseAsync(change, problems);
        }

        return await ChangeConfigurationAsync(deployment, edited, flat, allocation!, change, "configuration change", cancellationToken);
    }

    /// <summary>The <c>DeployCode</c> section as it is now, as flat keys and read, and how it differs from what runs.</summary>
    private (SortedDictionary<string, string> Flat, DeployCodeSettings Edited, SettingsChange Change) ReadEdit(Deployment deployment)
    {
        var section = configuration.GetSection(DeployCodeOptions.SectionName);
        var flat = KnownGoodConfiguration.Flatten(section);
        var edited = DeployCodeSettings.Read(section);
        return (flat, edited, SettingsChange.Between(deployment.Orchestrator.ConfiguredSettings, flat, deployment.Orchestrator.Settings, edited, deployment.Given));
    }

    /// <summary>The same validation as at start, the keys fixed for the run, and the budget: nothing running may become held.</summary>
    private static (IReadOnlyList<ConfigurationProblem> Problems, BudgetAllocation? Allocation) Check(Deployment deployment, DeployCodeSettings edited, SettingsChange change)
    {
        List<ConfigurationProblem> problems = [.. ConfigurationValidator.Validate(edited, DependencyGraph.FromModel(deployment.Model.Resources), deployment.Ports), .. change.Fixed];
        if (problems.Count > 0)
        {
            return (problems, null);
        }

        var allocation = Allocate(deployment, edited);
        var heldBefore = deployment.Orchestrator.Allocation?.Held.Select(component => component.Name).ToHashSet(StringComparer.Ordinal) ?? [];
        foreach (var held in allocation.Held.Where(component => !heldBefore.Contains(component.Name) && deployment.Deployed.Any(resource => resource.Name == component.Name)))
        {
            problems.Add(new($"{DeployCodeOptions.SectionName}:Services:{held.Name}", $"would no longer fit the machine and be held: {held.Reason}", "give it or the components it competes with less, or set DeployCode:Budget:Enforcement to warn"));
        }

        return (problems, allocation);
    }

    private Task<UpdateRecord> RefuseAsync(SettingsChange change, IReadOnlyList<ConfigurationProblem> problems)
    {
        var detail = $"The configuration change ({string.Join(", ", change.ChangedKeys)}) was refused; nothing was changed or restarted:{Environment.NewLine}" +
            string.Join(Environment.NewLine, problems.Select(problem => $"  - {problem}"));
        return EndAsync(new Ending(UpdateKinds.Refused, false, detail, [], detail, Shown.Unchanged));
    }

    /// <summary>Makes the edited settings the running ones and restarts what they touch; rolls back if one fails its gate.</summary>
    private async Task<UpdateRecord> ChangeConfigurationAsync(
        Deployment deployment, DeployCodeSettings edited, IReadOnlyDictionary<string, string> flat, BudgetAllocation allocation, SettingsChange change, string why, CancellationToken cancellationToken)
    {
        var previous = (deployment.Orchestrator.Settings, deployment.Orchestrator.ConfiguredSettings, deployment.Orchestrator.Allocation!);
        var keys = string.Join(", ", change.ChangedKeys);
        Apply(edited, flat, allocation);
        var restart = deployment.RestartedBy(change).ToArray();
        var affected = deployment.InDependencyOrder(restart);
        Log.LogInformation("{Message}", affected.Count == 0
            ? $"{why}: {keys}; no service's settings changed, so nothing restarts"
            : $"{why}: {keys}; restarting {string.Join(", ", affected.Select(service => service.Name))}");

        if (affected.Count > 0)
        {
            await Status.ShowStepAsync(DeploymentStates.Updating);
        }

        var (restarted, failed, failure) = await RestartInOrderAsync(deployment, restart, $"{why}: {keys}", cancellationToken);
        if (failed is null)
        {
            await SaveKnownGoodAsync(deployment.Orchestrator);
            return await EndAsync(new Ending(UpdateKinds.Applied, true, keys, restarted, $"Configuration change applied: {keys}; restarted {Listed(restarted)}", Shown.Running));
        }

        // The change broke a service: back to the settings that were running, and restart what was restarted.
        var cause = $"{failed} failed its health gate after the change of {keys}: {failure}";
        Log.LogError("{Cause}; rolling back to the previous configuration", cause);
        await Status.ShowAsync(new ResourceStateSnapshot(DeploymentStates.RollingBack, KnownResourceStateStyles.Warn), (OrchestratorProperties.RollbackCause, cause));
        Apply(previous.Settings, previous.ConfiguredSettings, previous.Item3);
        var (back, stillFailing, stillFailure) = await RestartInOrderAsync(deployment, restarted, "rollback to the previous configuration", cancellationToken);
        _rolledBackFrom = flat;
        var outcome = (stillFailing is null
            ? $"restored the previous configuration and restarted {string.Join(", ", back)}"
            : $"restored the previous configuration, but {stillFailing} still fails: {stillFailure}") +
            "; the settings file still holds the change: correct it or put it back";
        return await EndAsync(new Ending(UpdateKinds.RolledBack, stillFailing is null, $"{cause}; {outcome}", [.. restarted, .. back], $"Rolled back: {outcome}", Shown.RolledBack));
    }

    private static bool SameSettings(SortedDictionary<string, string> settings, IReadOnlyDictionary<string, string>? other) =>
        other is not null && settings.Count == other.Count && settings.All(entry => other.TryGetValue(entry.Key, out var value) && value == entry.Value);
}
