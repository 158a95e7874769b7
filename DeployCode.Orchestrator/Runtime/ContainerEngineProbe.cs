namespace DeployCode.Orchestrator.Runtime;

/// <summary>
/// Asks Docker and Podman whether their engine answers, before the model is built (Aspire's own runtime
/// check comes after <c>Build()</c>, too late to choose between containers and processes).
/// </summary>
internal sealed class ContainerEngineProbe(BinaryLocator locator, TimeSpan timeout)
{
    /// <summary>The whole probe stays within this, so <c>dotnet run</c> is not held up by a hung engine.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(2);

    /// <summary>The engine a user prefers (<c>ASPIRE_CONTAINER_RUNTIME</c>) is asked first.</summary>
    public static IReadOnlyList<string> EngineOrder(string? preferred) =>
        string.Equals(preferred, "podman", StringComparison.OrdinalIgnoreCase) ? ["podman", "docker"] : ["docker", "podman"];

    public async Task<EngineProbeResult> ProbeAsync(IReadOnlyList<string> engines, CancellationToken cancellationToken)
    {
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        budget.CancelAfter(timeout);

        var seen = new List<string>();
        foreach (var engine in engines)
        {
            var cli = locator.Find(engine);
            if (cli is null)
            {
                seen.Add($"no {engine} CLI on PATH");
                continue;
            }

            var answer = await AskAsync(cli, VersionQuery(engine), budget.Token);
            cancellationToken.ThrowIfCancellationRequested();
            if (answer.Healthy)
            {
                // A question of its own, with a budget of its own: the engine answered, whatever the first one took.
                using var bridgeBudget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                bridgeBudget.CancelAfter(timeout);
                var bridge = await AskAsync(cli, BridgeQuery(engine), bridgeBudget.Token);
                return new EngineProbeResult(engine, $"{engine} engine {answer.Detail} answered")
                {
                    HostAddress = bridge.Healthy ? HostAddressOnBridge(bridge.Detail) : null,
                };
            }

            seen.Add($"{engine} CLI found but the engine did not answer ({answer.Detail})");
        }

        return new EngineProbeResult(null, string.Join("; ", seen));
    }

    // Both commands need the engine itself, not only the CLI: Docker's client prints its own version without a daemon.
    private static string[] VersionQuery(string engine) => engine == "podman"
        ? ["info", "--format", "{{.Version.Version}}"]
        : ["version", "--format", "{{.Server.Version}}"];

    // This machine's own address on the engine's default bridge is what Docker's "host-gateway" stands for, and an
    // address every container (on any of the engine's networks) reaches the host at. The engine names the bridge's
    // gateway when it was configured, and its interface always (docker0, podman0), whose address the kernel knows.
    private static string[] BridgeQuery(string engine) => engine == "podman"
        ? ["network", "inspect", "podman", "--format", "{{range .Subnets}}{{.Gateway}}{{end}} {{.NetworkInterface}}"]
        : ["network", "inspect", "bridge", "--format", "{{range .IPAM.Config}}{{.Gateway}}{{end}} {{index .Options \"com.docker.network.bridge.name\"}}"];

    /// <summary>
    /// The gateway the engine gave, else the IPv4 address of the bridge interface it named; either only when this
    /// machine has it. Docker Desktop's and rootless Podman's bridges live elsewhere (a VM, a user namespace): there
    /// the engine's own <c>host.docker.internal</c> stands, and null says so.
    /// </summary>
    internal static string? HostAddressOnBridge(string answer)
    {
        var parts = answer.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var local = System.Net.NetworkInformation.NetworkInterface.GetAllNetworkInterfaces()
            .SelectMany(candidate => candidate.GetIPProperties().UnicastAddresses.Select(unicast => (Interface: candidate.Name, unicast.Address)))
            .Where(entry => entry.Address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork)
            .ToArray();
        var gateway = parts.FirstOrDefault(part => System.Net.IPAddress.TryParse(part, out _));
        if (gateway is not null)
        {
            return local.Any(entry => entry.Address.ToString() == gateway) ? gateway : null;
        }

        var bridge = parts.LastOrDefault();
        return local.FirstOrDefault(entry => entry.Interface == bridge).Address?.ToString();
    }

    private static async Task<(bool Healthy, string Detail)> AskAsync(string cli, string[] arguments, CancellationToken cancellationToken)
    {
        try
        {
            var answer = await EngineCommand.RunAsync(cli, arguments, Timeout.InfiniteTimeSpan, cancellationToken);
            return answer.Succeeded && answer.Output.Length > 0
                ? (true, answer.Output)
                : (false, answer.ExitCode == -1 ? answer.Error : FirstLine(answer.Error) ?? $"exit code {answer.ExitCode}");
        }
        catch (OperationCanceledException)
        {
            return (false, "no answer within the probe's time limit");
        }
    }

    private static string? FirstLine(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
}

/// <summary>What the probe found: a healthy engine, or what it saw instead.</summary>
internal sealed record EngineProbeResult(string? HealthyEngine, string Detail)
{
    /// <summary>This machine's address on the healthy engine's default bridge, when the engine told it.</summary>
    public string? HostAddress { get; init; }
}
