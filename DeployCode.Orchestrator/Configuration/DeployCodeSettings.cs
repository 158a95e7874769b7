using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace DeployCode.Orchestrator.Configuration;

/// <summary>
/// The parts of the <c>DeployCode</c> section a running platform can take up (budgets, experts) and the alert
/// limits, read value by value so that every unreadable value is reported at once instead of the first one throwing.
/// </summary>
public sealed class DeployCodeSettings
{
    /// <summary>The alert limit on what the experts cost in an hour when <c>DeployCode:Alerts:AiCostPerHourUsd</c> is not set.</summary>
    public const double DefaultAiCostPerHourUsd = 10;

    private const double MaxCpu = 1024;
    private const int MaxMemoryMb = 4 * 1024 * 1024;
    private const double MaxStorageGb = 1024 * 1024;
    private const int MaxGpu = 64;
    private const int MaxReplicas = 100;
    private const double MaxAiCostPerHourUsd = 1_000_000;

    private static readonly string[] s_serviceKeys = ["Cpu", "MemoryMb", "StorageGb", "Gpu", "GpuRequired", "Critical", "Replicas", "Port", "Image"];

    private DeployCodeSettings(
        string profile, Dictionary<string, ServiceBudget> services, HashSet<string> configured, string enforcement, double bufferPercent,
        SortedDictionary<string, ExpertSettings> experts, double aiCostPerHourUsd, ImageSources images, List<ConfigurationProblem> problems)
    {
        Images = images;
        Profile = profile;
        Services = services;
        ConfiguredServices = configured;
        Enforcement = enforcement;
        BufferPercent = bufferPercent;
        Experts = experts;
        AiCostPerHourUsd = aiCostPerHourUsd;
        Problems = problems;
    }

    /// <summary>The budget profile (<c>local</c> or <c>production</c>).</summary>
    public string Profile { get; }

    /// <summary>Every component's budget: the profile's, with configured values over it.</summary>
    public IReadOnlyDictionary<string, ServiceBudget> Services { get; }

    /// <summary>Names that appear under <c>DeployCode:Services</c>.</summary>
    public IReadOnlySet<string> ConfiguredServices { get; }

    /// <summary><c>enforce</c> (hold what does not fit) or <c>warn</c> (log and start anyway).</summary>
    public string Enforcement { get; }

    /// <summary>Whether what does not fit is held (<c>enforce</c>) rather than started anyway (<c>warn</c>).</summary>
    public bool Enforce => Enforcement == "enforce";

    /// <summary>Share of the machine kept free for the system.</summary>
    public double BufferPercent { get; }

    /// <summary>The experts of <c>DeployCode:Experts</c> whose names can be used, by lower-case name.</summary>
    public IReadOnlyDictionary<string, ExpertSettings> Experts { get; }

    /// <summary>USD the experts may cost in an hour before the alert "AI cost above the hourly limit" fires (<c>DeployCode:Alerts:AiCostPerHourUsd</c>).</summary>
    public double AiCostPerHourUsd { get; }

    /// <summary>Where container images come from: a mirror, and components' own references.</summary>
    public ImageSources Images { get; }

    /// <summary>Values that could not be read, each with its path and fix.</summary>
    public IReadOnlyList<ConfigurationProblem> Problems { get; }

    /// <summary>Reads the <c>DeployCode</c> section; <paramref name="defaultProfile"/> is taken when none is named.</summary>
    public static DeployCodeSettings Read(IConfiguration section, string defaultProfile = BudgetProfiles.Default)
    {
        ArgumentNullException.ThrowIfNull(section);
        var problems = new List<ConfigurationProblem>();
        var prefix = DeployCodeOptions.SectionName;

        var profile = section["Profile"] ?? defaultProfile;
        var defaults = ReadProfiles(section.GetSection(BudgetProfiles.SectionName), profile, section["Profile"] is not null, problems);

        var enforcement = section["Budget:Enforcement"] ?? "enforce";
        if (enforcement is not ("enforce" or "warn"))
        {
            problems.Add(new($"{prefix}:Budget:Enforcement", $"'{enforcement}' is not an enforcement", "use 'enforce' (hold what does not fit) or 'warn' (log and start anyway)"));
        }

        var buffer = Number(section, "Budget:BufferPercent", 20, 0, 90, problems);

        var services = new Dictionary<string, ServiceBudget>(defaults, StringComparer.Ordinal);
        var configured = new HashSet<string>(StringComparer.Ordinal);
        foreach (var service in section.GetSection("Services").GetChildren())
        {
            configured.Add(service.Key);
            services[service.Key] = ReadService(service, defaults.GetValueOrDefault(service.Key) ?? ServiceBudget.None, problems);
        }

        var experts = ExpertSettingsReader.Read(section.GetSection(ExpertSettings.SectionName), problems);
        var alerts = section.GetSection("Alerts");
        foreach (var unknown in alerts.GetChildren().Where(setting => !string.Equals(setting.Key, "AiCostPerHourUsd", StringComparison.OrdinalIgnoreCase)))
        {
            problems.Add(new(unknown.Path, "is not an alert setting", "use AiCostPerHourUsd"));
        }

        var aiCost = ConfigurationValues.PositiveNumber(alerts, "AiCostPerHourUsd", MaxAiCostPerHourUsd, "USD (the default is 10)", problems) ?? DefaultAiCostPerHourUsd;

        var images = ImageSources.Read(section, problems);
        return new DeployCodeSettings(profile, services, configured, enforcement, buffer, experts, aiCost, images, problems);
    }

    /// <summary>
    /// The budgets of <paramref name="profile"/> from <c>DeployCode:Profiles</c>, every profile checked so that a bad
    /// value in one that is not in use yet is reported too. No profiles at all is an AppHost without budgets: nothing
    /// is reserved. A profile named but not configured is a problem. Profile names match as configuration keys do,
    /// whatever their case.
    /// </summary>
    private static Dictionary<string, ServiceBudget> ReadProfiles(IConfigurationSection profiles, string profile, bool named, List<ConfigurationProblem> problems)
    {
        var budgets = profiles.GetChildren().ToDictionary(
            configured => configured.Key,
            configured => configured.GetChildren().ToDictionary(component => component.Key, component => ReadService(component, ServiceBudget.None, problems), StringComparer.Ordinal),
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

        return new Dictionary<string, ServiceBudget>(StringComparer.Ordinal);
    }

    private static ServiceBudget ReadService(IConfigurationSection service, ServiceBudget start, List<ConfigurationProblem> problems)
    {
        foreach (var unknown in service.GetChildren().Where(setting => !s_serviceKeys.Contains(setting.Key, StringComparer.Ordinal)))
        {
            problems.Add(new(unknown.Path, "is not a service setting", $"use one of {string.Join(", ", s_serviceKeys)}"));
        }

        int? port = service["Port"] is null ? start.Port : (int)Number(service, "Port", 0, 1, 65535, problems);
        return new ServiceBudget(
            Number(service, "Cpu", start.Cpu, 0, MaxCpu, problems),
            (int)Number(service, "MemoryMb", start.MemoryMb, 0, MaxMemoryMb, problems, wholeNumber: true),
            Number(service, "StorageGb", start.StorageGb, 0, MaxStorageGb, problems),
            (int)Number(service, "Gpu", start.Gpu, 0, MaxGpu, problems, wholeNumber: true),
            Flag(service, "GpuRequired", start.GpuRequired, problems),
            Flag(service, "Critical", start.Critical, problems),
            (int)Number(service, "Replicas", start.Replicas, 1, MaxReplicas, problems, wholeNumber: true),
            port);
    }

    private static double Number(IConfiguration section, string key, double fallback, double min, double max, List<ConfigurationProblem> problems, bool wholeNumber = false)
    {
        var text = section[key];
        if (text is null)
        {
            return fallback;
        }

        var path = section is IConfigurationSection named ? $"{named.Path}:{key}" : $"{DeployCodeOptions.SectionName}:{key}";
        var kind = wholeNumber || key == "Port" ? "a whole number" : "a number";
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || ((wholeNumber || key == "Port") && value != Math.Floor(value)))
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

    private static bool Flag(IConfigurationSection section, string key, bool fallback, List<ConfigurationProblem> problems)
    {
        var text = section[key];
        if (text is null)
        {
            return fallback;
        }

        if (bool.TryParse(text, out var value))
        {
            return value;
        }

        problems.Add(new($"{section.Path}:{key}", $"'{text}' is not true or false", "give true or false"));
        return fallback;
    }
}
