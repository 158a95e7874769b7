using System.Globalization;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace DeployCode.Orchestrator.Publishing;

/// <summary>
/// Writes <c>docker-compose.yaml</c> for the platform: every component on the
/// platform's bridge network, reaching the others by service name, started once what it waits for is healthy,
/// with its health check, restart policy, volumes, published ports and the limits of its budget.
/// </summary>
internal static class ComposePublisher
{
    /// <summary>The subnet of the platform's bridge network, named after the platform.</summary>
    public const string Subnet = "172.20.0.0/16";

    private static readonly ISerializer s_yaml = new SerializerBuilder()
        .WithNamingConvention(UnderscoredNamingConvention.Instance)
        .ConfigureDefaultValuesHandling(DefaultValuesHandling.OmitNull | DefaultValuesHandling.OmitEmptyCollections)
        .WithQuotingNecessaryStrings()
        .DisableAliases()
        .Build();

    /// <summary>A resolver for Compose: <c>${NAME}</c> variables, <c>$$</c> for a literal dollar.</summary>
    public static PublishedValueResolver Resolver() =>
        new(variable => $"${{{variable}}}", PublishedModel.ListensOn, text => text.Replace("$", "$$", StringComparison.Ordinal));

    /// <summary>
    /// <c>docker-compose.yaml</c> and the components' configuration files beside it: path → text. The components share
    /// one bridge network named <paramref name="platform"/> (the platform's name as a slug).
    /// </summary>
    public static SortedDictionary<string, string> WriteFiles(IReadOnlyList<PublishedComponent> components, string platform)
    {
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal) { ["docker-compose.yaml"] = Write(components, platform) };
        foreach (var file in components.SelectMany(component => component.Files))
        {
            files[file.Source] = file.Content;
        }

        foreach (var component in components.Where(component => component.MakesSandboxes))
        {
            files[SeccompProfile(component)] = SandboxSeccompProfile.Json();
        }

        return files;
    }

    /// <summary>The Compose file for <paramref name="components"/>, as text.</summary>
    public static string Write(IReadOnlyList<PublishedComponent> components, string platform)
    {
        // No top-level name: docker-compose 1.x (Debian's) refuses it; the folder or -p names the project.
        var file = new ComposeFile();
        file.Networks[platform] = new ComposeNetwork { Driver = "bridge", Ipam = new ComposeIpam { Config = { new ComposeSubnet { Subnet = Subnet } } } };
        foreach (var component in components)
        {
            file.Services[component.Name] = Service(component, platform);
            foreach (var volume in component.Volumes)
            {
                file.Volumes[volume.Name] = new ComposeVolume { Driver = "local" };
            }
        }

        return s_yaml.Serialize(file);
    }

    private static ComposeService Service(PublishedComponent component, string platform)
    {
        // The arguments mean what they mean after the model's entry point, not after the image's own.
        var service = new ComposeService { Image = component.Image, Restart = "unless-stopped", Entrypoint = component.Entrypoint is { } entrypoint ? [entrypoint] : null };
        service.Command.AddRange(component.Arguments);
        foreach (var (name, value) in component.Environment)
        {
            service.Environment[name] = value;
        }

        if (PublishesHostPorts(component))
        {
            foreach (var port in component.Ports)
            {
                service.Ports.AddRange(port.Published.Select(published => $"{published}:{port.TargetPort}"));
            }
        }

        foreach (var wait in component.WaitsFor)
        {
            service.DependsOn[wait.Component] = new ComposeDependency { Condition = wait.UntilHealthy ? "service_healthy" : "service_completed_successfully" };
        }

        service.Healthcheck = Healthcheck(component);
        service.Volumes.AddRange(component.Volumes.Select(volume => $"{volume.Name}:{volume.Target}{(volume.ReadOnly ? ":ro" : "")}"));
        service.Volumes.AddRange(component.Files.Select(file => $"./{file.Source}:{file.Target}:ro"));
        service.Networks.Add(platform);
        service.Deploy = Deploy(component);
        if (component.MakesSandboxes)
        {
            // What bubblewrap needs and no more (see SandboxSeccompProfile). Compose cannot unmask /proc
            // (systempaths=unconfined is the docker CLI's alone), so the sandboxes there have none of their own.
            service.CapDrop.Add("ALL");
            service.SecurityOpt.AddRange(["no-new-privileges:true", $"seccomp=./{SeccompProfile(component)}", "apparmor=unconfined"]);
        }

        return service;
    }

    private static string SeccompProfile(PublishedComponent component) => $"{component.Name}/seccomp.json";

    /// <summary>
    /// Only the platform's entry point (what publishes 80 or 443) and the monitoring user interfaces are reached from outside the
    /// host; everything else is reached by name on the platform's network, through the entry point's checks, and a
    /// replicated service could not share one host port anyway.
    /// </summary>
    private static bool PublishesHostPorts(PublishedComponent component) => component.IsEdge || component.IsOptional;

    private static ComposeHealthcheck? Healthcheck(PublishedComponent component)
    {
        if (component.Health?.Command is not { } test)
        {
            return null;
        }

        var check = new ComposeHealthcheck { Interval = "10s", Timeout = "5s", Retries = 5, StartPeriod = "30s" };
        // A shell's variables reach the command only with $$ (Compose reads $ itself).
        check.Test.AddRange(test.Select(part => part.Replace("$", "$$", StringComparison.Ordinal)));
        return check;
    }

    private static ComposeDeploy Deploy(PublishedComponent component)
    {
        var budget = component.Budget;
        var limits = new ComposeResourceAmounts
        {
            Cpus = budget.Cpu > 0 ? budget.Cpu.ToString("0.###", CultureInfo.InvariantCulture) : null,
            Memory = budget.MemoryMb > 0 ? $"{budget.MemoryMb}M" : null,
        };
        var reservations = new ComposeResourceAmounts
        {
            // Half the limit is reserved: the scheduler's guarantee, with room to burst up to the limit.
            Cpus = budget.Cpu > 0 ? (budget.Cpu / 2).ToString("0.###", CultureInfo.InvariantCulture) : null,
            Memory = budget.MemoryMb > 0 ? $"{budget.MemoryMb / 2}M" : null,
        };
        if (budget.Gpu > 0)
        {
            var gpu = new ComposeDevice { Driver = "nvidia", Count = budget.Gpu };
            gpu.Capabilities.Add("gpu");
            reservations.Devices.Add(gpu);
        }

        // A host port belongs to one container: what publishes one runs once on the Compose host (the budget's
        // replicas still apply on Kubernetes, behind its Service).
        return new ComposeDeploy { Replicas = PublishesHostPorts(component) ? 1 : budget.Replicas, Resources = new ComposeResources { Limits = limits, Reservations = reservations } };
    }
}
