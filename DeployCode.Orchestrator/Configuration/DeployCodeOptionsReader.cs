using Microsoft.Extensions.Configuration;

namespace DeployCode.Orchestrator.Configuration;

/// <summary>
/// The settings that shape the model Aspire builds (run mode, state folder, ports, telemetry, recovery, the gate,
/// publishing), read the one way every <c>DeployCode</c> section is read: value by value, each unusable one a problem
/// with its path and fix, all of them reported together.
/// </summary>
internal static class DeployCodeOptionsReader
{
    private static readonly string[] s_runtimes = ["auto", "container", "process"];

    /// <summary>Reads <paramref name="section"/> (the <c>DeployCode</c> section), adding every unusable value to <paramref name="problems"/>.</summary>
    public static DeployCodeOptions Read(IConfigurationSection section, List<ConfigurationProblem> problems)
    {
        ArgumentNullException.ThrowIfNull(section);
        var defaults = new DeployCodeOptions();
        var runtime = section["Runtime"] ?? defaults.Runtime;
        // Empty is auto, as for a variable set to nothing.
        if (runtime.Trim().Length > 0 && !s_runtimes.Contains(runtime.Trim(), StringComparer.OrdinalIgnoreCase))
        {
            problems.Add(new($"{section.Path}:Runtime", $"'{runtime}' is not a run mode", "give 'auto' (container mode when an engine answers), 'container' or 'process'"));
        }

        var gpus = section["Gpus"] ?? defaults.Gpus;
        if (!string.Equals(gpus, "auto", StringComparison.OrdinalIgnoreCase) && !int.TryParse(gpus, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out _))
        {
            problems.Add(new($"{section.Path}:Gpus", $"'{gpus}' is not a count of GPUs", "give 'auto' (ask nvidia-smi) or a whole number, 0 or more"));
        }

        return new DeployCodeOptions
        {
            Runtime = runtime,
            StateDirectory = section["StateDirectory"],
            Gpus = gpus,
            PostgresUser = section["PostgresUser"] ?? defaults.PostgresUser,
            Ports = ReadPorts(section, problems),
            Telemetry = ReadTelemetry(section, problems),
            Recovery = ReadRecovery(section, problems),
            Gating = ReadGating(section, problems),
            Publish = ReadPublish(section, problems),
        };
    }

    /// <summary>The gate's and the probe's settings alone, for an AppHost that uses the gate without the orchestrator.</summary>
    public static GatingOptions ReadGating(IConfigurationSection section, List<ConfigurationProblem> problems)
    {
        var gating = section.GetSection("Gating");
        var enabled = gating["Enabled"] is not { } text ? true
            : bool.TryParse(text, out var value) ? value
            : Flagged(problems, $"{gating.Path}:Enabled", text);
        var interval = ConfigurationValues.WholeNumber(gating, "ProbeIntervalMilliseconds", 1, 10_000, "milliseconds (default 20)", problems);
        var timeout = ConfigurationValues.WholeNumber(section.GetSection("Health"), "ProbeTimeoutMilliseconds", 100, 60_000, "milliseconds (default 2000)", problems);
        return new GatingOptions
        {
            Enabled = enabled,
            ProbeInterval = interval is { } milliseconds ? TimeSpan.FromMilliseconds(milliseconds) : GatingOptions.DefaultProbeInterval,
            ProbeTimeout = timeout is { } allowed ? TimeSpan.FromMilliseconds(allowed) : GatingOptions.DefaultProbeTimeout,
        };
    }

    private static bool Flagged(List<ConfigurationProblem> problems, string path, string text)
    {
        problems.Add(new(path, $"'{text}' is not true or false", "give true or false"));
        return true;
    }

    // The range decides every fallback port while the model is built.
    private static PortRangeOptions ReadPorts(IConfigurationSection section, List<ConfigurationProblem> problems)
    {
        var ports = section.GetSection("Ports");
        var range = new PortRangeOptions();
        var start = ConfigurationValues.WholeNumber(ports, "RangeStart", 1024, 65535, "(an unprivileged port, such as 30000)", problems);
        var end = ConfigurationValues.WholeNumber(ports, "RangeEnd", 1024, 65535, "(an unprivileged port, such as 40000)", problems);
        range.RangeStart = start ?? range.RangeStart;
        range.RangeEnd = end ?? range.RangeEnd;
        if ((start is not null || end is not null) && range.RangeStart > range.RangeEnd)
        {
            problems.Add(new($"{ports.Path}:RangeStart", $"{range.RangeStart} is after RangeEnd ({range.RangeEnd})", "give a start at or before the end"));
        }

        return range;
    }

    private static TelemetryOptions ReadTelemetry(IConfigurationSection section, List<ConfigurationProblem> problems)
    {
        var telemetry = section.GetSection("Telemetry");
        var options = new TelemetryOptions();
        options.Port = ConfigurationValues.WholeNumber(telemetry, "Port", 1, 65535, "(a port, such as 9464)", problems) ?? options.Port;
        options.ScrapeIntervalSeconds = ConfigurationValues.WholeNumber(telemetry, "ScrapeIntervalSeconds", 1, 3600, "seconds (such as 15)", problems) ?? options.ScrapeIntervalSeconds;
        options.UsageIntervalSeconds = ConfigurationValues.WholeNumber(telemetry, "UsageIntervalSeconds", 1, 3600, "seconds (such as 5)", problems) ?? options.UsageIntervalSeconds;
        return options;
    }

    private static RecoveryOptions ReadRecovery(IConfigurationSection section, List<ConfigurationProblem> problems)
    {
        var recovery = section.GetSection("Recovery");
        var defaults = new RecoveryOptions();
        int? Whole(string key, int min, int max, string note) => ConfigurationValues.WholeNumber(recovery, key, min, max, note, problems);
        TimeSpan Seconds(int? value, TimeSpan fallback) => value is { } seconds ? TimeSpan.FromSeconds(seconds) : fallback;
        TimeSpan Milliseconds(int? value, TimeSpan fallback) => value is { } milliseconds ? TimeSpan.FromMilliseconds(milliseconds) : fallback;

        var options = new RecoveryOptions
        {
            FailureThreshold = Whole("FailureThreshold", 1, 1000, "failures (such as 5)") ?? defaults.FailureThreshold,
            BreakDuration = Seconds(Whole("BreakSeconds", 1, 86400, "seconds (such as 60)"), defaults.BreakDuration),
            HalfOpenTrials = Whole("HalfOpenTrials", 1, 1000, "trial checks (such as 3)") ?? defaults.HalfOpenTrials,
            SuccessesToClose = Whole("SuccessesToClose", 1, 1000, "successes (such as 3)") ?? defaults.SuccessesToClose,
            MaxRestarts = Whole("MaxRestarts", 0, 100, "restarts (such as 3; 0 gives up at once)") ?? defaults.MaxRestarts,
            BackoffBase = Milliseconds(Whole("BackoffBaseMilliseconds", 0, 3_600_000, "milliseconds (such as 1000)"), defaults.BackoffBase),
            BackoffCap = Seconds(Whole("BackoffCapSeconds", 1, 86400, "seconds (such as 300)"), defaults.BackoffCap),
            ProbeInterval = Milliseconds(Whole("ProbeIntervalMilliseconds", 50, 60_000, "milliseconds (such as 1000)"), defaults.ProbeInterval),
            StartTimeout = Seconds(Whole("StartTimeoutSeconds", 1, 86400, "seconds (such as 300)"), defaults.StartTimeout),
            HealthyWithin = Seconds(Whole("HealthyWithinSeconds", 1, 3600, "seconds (such as 60)"), defaults.HealthyWithin),
        };
        if (options.SuccessesToClose > options.HalfOpenTrials)
        {
            problems.Add(new($"{recovery.Path}:SuccessesToClose", $"{options.SuccessesToClose} is more than HalfOpenTrials ({options.HalfOpenTrials}): the circuit could never close",
                "lower it, or allow more trials"));
        }

        return options;
    }

    private static PublishingOptions ReadPublish(IConfigurationSection section, List<ConfigurationProblem> problems)
    {
        var publish = section.GetSection("Publish");
        var options = new PublishingOptions();
        foreach (var unknown in publish.GetChildren().Where(setting => !string.Equals(setting.Key, "Registry", StringComparison.OrdinalIgnoreCase) && !string.Equals(setting.Key, "Tag", StringComparison.OrdinalIgnoreCase)))
        {
            problems.Add(new(unknown.Path, "is not a publish setting", "use Registry or Tag"));
        }

        if (publish["Registry"] is { } registry)
        {
            if (string.IsNullOrWhiteSpace(registry) || registry.Any(char.IsWhiteSpace) || registry.EndsWith('/'))
            {
                problems.Add(new($"{publish.Path}:Registry", $"'{registry}' is not a registry", "give a registry host and an optional path, such as registry.example.internal/deploy-code"));
            }
            else
            {
                options.Registry = registry;
            }
        }

        if (publish["Tag"] is { } tag)
        {
            if (!ImageReference.IsTag(tag))
            {
                problems.Add(new($"{publish.Path}:Tag", $"'{tag}' is not an image tag", "give letters, digits, '_', '.' or '-', up to 128, not starting with '.' or '-' (such as 1.4.2)"));
            }
            else
            {
                options.Tag = tag;
            }
        }

        return options;
    }
}
