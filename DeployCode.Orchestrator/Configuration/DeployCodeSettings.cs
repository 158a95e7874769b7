using System.Globalization;
using Microsoft.Extensions.Configuration;
using DeployCode.Contracts;

namespace DeployCode.Orchestrator.Configuration;

/// <summary>
/// The parts of the <c>DeployCode</c> section a running platform can take up (budgets, experts) and the alert
/// limits, read value by value so that every unreadable value is reported at once instead of the first one throwing.
/// </summary>
internal sealed class DeployCodeSettings
{
    private const double MaxCpu = 1024;
    private const int MaxMemoryMb = 4 * 1024 * 1024;
    private const double MaxStorageGb = 1024 * 1024;
    private const int MaxGpu = 64;
    private const int MaxReplicas = 100;

    private static readonly string[] s_serviceKeys = ["Cpu", "MemoryMb", "StorageGb", "Gpu", "GpuRequired", "Critical", "Replicas", "Port", "Image"];

    private DeployCodeSettings(
        string profile, Dictionary<string, ConfiguredBudget> budgets, HashSet<string> configured, List<(string Path, string Component)> profileEntries,
        string enforcement, double bufferPercent,
        SortedDictionary<string, ExpertSettings> experts, AlertSettings alerts, ImageSources images, List<ConfigurationProblem> problems)
    {
        Images = images;
        Profile = profile;
        Budgets = budgets;
        ConfiguredServices = configured;
        ProfileEntries = profileEntries;
        Enforcement = enforcement;
        BufferPercent = bufferPercent;
        Experts = experts;
        Alerts = alerts;
        Problems = problems;
    }

    /// <summary>The budget profile (<c>local</c> or <c>production</c>).</summary>
    public string Profile { get; }

    /// <summary>What configuration sets of each component's budget: the profile's entry, with <c>DeployCode:Services</c> over it.</summary>
    public IReadOnlyDictionary<string, ConfiguredBudget> Budgets { get; }

    /// <summary>Names that appear under <c>DeployCode:Services</c>.</summary>
    public IReadOnlySet<string> ConfiguredServices { get; }

    /// <summary>Every component named in any profile, with its configuration path: each must be a component of the model.</summary>
    public IReadOnlyList<(string Path, string Component)> ProfileEntries { get; }

    /// <summary><c>enforce</c> (hold what does not fit) or <c>warn</c> (log and start anyway).</summary>
    public string Enforcement { get; }

    /// <summary>Whether what does not fit is held (<c>enforce</c>) rather than started anyway (<c>warn</c>).</summary>
    public bool Enforce => Enforcement == "enforce";

    /// <summary>Share of the machine kept free for the system.</summary>
    public double BufferPercent { get; }

    /// <summary>The experts of <c>DeployCode:Experts</c> whose names can be used, by lower-case name.</summary>
    public IReadOnlyDictionary<string, ExpertSettings> Experts { get; }

    /// <summary>The alerts' settings (<c>DeployCode:Alerts</c>).</summary>
    public AlertSettings Alerts { get; }

    /// <summary>USD the experts may cost in an hour before the alert "AI cost above the hourly limit" fires (<c>DeployCode:Alerts:AiCostPerHourUsd</c>).</summary>
    public double AiCostPerHourUsd => Alerts.AiCostPerHourUsd;

    /// <summary>Where container images come from: a mirror, and components' own references.</summary>
    public ImageSources Images { get; }

    /// <summary>Values that could not be read, each with its path and fix.</summary>
    public IReadOnlyList<ConfigurationProblem> Problems { get; }

    /// <summary>
    /// The budget of the component <paramref name="name"/>: <paramref name="model"/> (what the AppHost gives it, nothing
    /// when null) with each configured value over it.
    /// </summary>
    public ServiceBudget BudgetOf(string name, ServiceBudget? model = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        var start = model ?? ServiceBudget.None;
        return Budgets.TryGetValue(name, out var configured) ? configured.Over(start) : start;
    }

    /// <summary>Reads the <c>DeployCode</c> section; <paramref name="defaultProfile"/> is taken when none is named.</summary>
    public static DeployCodeSettings Read(IConfiguration section, string defaultProfile = BudgetProfiles.Default)
    {
        ArgumentNullException.ThrowIfNull(section);
        var problems = new List<ConfigurationProblem>();
        var prefix = DeployCodeOptions.SectionName;

        var profile = section["Profile"] ?? defaultProfile;
        var profileEntries = new List<(string Path, string Component)>();
        var defaults = ReadProfiles(section.GetSection(BudgetProfiles.SectionName), profile, section["Profile"] is not null, profileEntries, problems);

        var enforcement = section["Budget:Enforcement"] ?? "enforce";
        if (enforcement is not ("enforce" or "warn"))
        {
            problems.Add(new($"{prefix}:Budget:Enforcement", $"'{enforcement}' is not an enforcement", "use 'enforce' (hold what does not fit) or 'warn' (log and start anyway)"));
        }

        var buffer = Number(section, "Budget:BufferPercent", 20, 0, 90, problems);

        var budgets = new Dictionary<string, ConfiguredBudget>(defaults, StringComparer.Ordinal);
        var configured = new HashSet<string>(StringComparer.Ordinal);
        foreach (var service in section.GetSection("Services").GetChildren())
        {
            configured.Add(service.Key);
            budgets[service.Key] = (defaults.GetValueOrDefault(service.Key) ?? ConfiguredBudget.Nothing).Then(ReadService(service, problems));
        }

        var experts = ExpertSettingsReader.Read(section.GetSection(ExpertSettingsFormat.SectionName), problems);
        var alerts = AlertSettings.Read(section.GetSection(AlertSettings.SectionName), problems);

        var images = ImageSources.Read(section, problems);
        return new DeployCodeSettings(profile, budgets, configured, profileEntries, enforcement, buffer, experts, alerts, images, problems);
    }

    /// <summary>
    /// The budgets of <paramref name="profile"/> from <c>DeployCode:Profiles</c>, every profile checked so that a bad
    /// value in one that is not in use yet is reported too. No profiles at all is an AppHost without budgets: nothing
    /// is reserved. A profile named but not configured is a problem. Profile names match as configuration keys do,
    /// whatever their case.
    /// </summary>
    private static Dictionary<string, ConfiguredBudget> ReadProfiles(
        IConfigurationSection profiles, string profile, bool named, List<(string Path, string Component)> entries, List<ConfigurationProblem> problems)
    {
        var budgets = profiles.GetChildren().ToDictionary(
            configured => configured.Key,
            configured => configured.GetChildren().ToDictionary(component => component.Key, component =>
            {
                entries.Add((component.Path, component.Key));
                return ReadService(component, problems);
            }, StringComparer.Ordinal),
            StringComparer.OrdinalIgnoreCase);
        if (budgets.TryGetValue(profile, out var chosen))
        {
            return chosen;
        }

        if (named || budgets.Count > 0)
        {
            var path = $"{DeployCodeOptions.SectionName}:Profile";
            problems.Add(budgets.Count > 0
                ? new(path, $"'{profile}' is not a profile{(named ? "" : " (the default)")}", $"use {string.Join(" or ", budgets.Keys.Order(StringComparer.Ordinal))}, or add {profiles.Path}:{profile}:<resource>")
                : new(path, $"'{profile}' is not a profile: none is configured", $"add {profiles.Path}:{profile}:<resource>:Cpu (and MemoryMb, StorageGb, …) for each component, or leave {path} unset"));
        }

        return new Dictionary<string, ConfiguredBudget>(StringComparer.Ordinal);
    }

    private static ConfiguredBudget ReadService(IConfigurationSection service, List<ConfigurationProblem> problems)
    {
        foreach (var unknown in service.GetChildren().Where(setting => !s_serviceKeys.Contains(setting.Key, StringComparer.Ordinal)))
        {
            problems.Add(new(unknown.Path, "is not a service setting", $"use one of {string.Join(", ", s_serviceKeys)}"));
        }

        return new ConfiguredBudget(
            Optional(service, "Cpu", 0, MaxCpu, problems),
            (int?)Optional(service, "MemoryMb", 0, MaxMemoryMb, problems, wholeNumber: true),
            Optional(service, "StorageGb", 0, MaxStorageGb, problems),
            (int?)Optional(service, "Gpu", 0, MaxGpu, problems, wholeNumber: true),
            Flag(service, "GpuRequired", problems),
            Flag(service, "Critical", problems),
            (int?)Optional(service, "Replicas", 1, MaxReplicas, problems, wholeNumber: true),
            (int?)Optional(service, "Port", 1, 65535, problems, wholeNumber: true));
    }

    private static double Number(IConfiguration section, string key, double fallback, double min, double max, List<ConfigurationProblem> problems, bool wholeNumber = false)
    {
        var text = section[key];
        if (text is null)
        {
            return fallback;
        }

        var path = section is IConfigurationSection named ? $"{named.Path}:{key}" : $"{DeployCodeOptions.SectionName}:{key}";
        var kind = wholeNumber ? "a whole number" : "a number";
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value) || (wholeNumber && value != Math.Floor(value)))
        {
            problems.Add(new(path, $"'{text}' is not {kind}", $"give {kind} from {min.ToString(CultureInfo.InvariantCulture)} to {max.ToString(CultureInfo.InvariantCulture)}"));
            return fallback;
        }

        if (value < min || value > max)
        {
            problems.Add(new(path, $"{text} is outside {min.ToString(CultureInfo.InvariantCulture)}..{max.ToString(CultureInfo.InvariantCulture)}",
                value < min ? $"give at least {min.ToString(CultureInfo.InvariantCulture)}" : $"give at most {max.ToString(CultureInfo.InvariantCulture)}"));
            return fallback;
        }

        return value;
    }

    // A value the configuration does not set, or sets unreadably (a problem then), leaves the model's standing.
    private static double? Optional(IConfigurationSection section, string key, double min, double max, List<ConfigurationProblem> problems, bool wholeNumber = false) =>
        section[key] is null ? null : Number(section, key, double.NaN, min, max, problems, wholeNumber) is var value && !double.IsNaN(value) ? value : null;

    private static bool? Flag(IConfigurationSection section, string key, List<ConfigurationProblem> problems)
    {
        var text = section[key];
        if (text is null)
        {
            return null;
        }

        if (bool.TryParse(text, out var value))
        {
            return value;
        }

        problems.Add(new($"{section.Path}:{key}", $"'{text}' is not true or false", "give true or false"));
        return null;
    }
}
