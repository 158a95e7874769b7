using DeployCode.Orchestrator.Configuration;

namespace DeployCode.Orchestrator.Runtime;

/// <summary>Turns <c>DeployCode:Runtime</c> and what the engine probe sees into a run mode with its reason.</summary>
internal static class RuntimeSelector
{
    /// <param name="requested">The configured <c>DeployCode:Runtime</c>.</param>
    /// <param name="preferredEngine">The engine a user named (<c>ASPIRE_CONTAINER_RUNTIME</c>), used when none answers.</param>
    /// <param name="probe">Asks the engines.</param>
    /// <param name="cancellationToken">Stops the probe.</param>
    public static async Task<RuntimeSelection> SelectAsync(string requested, string? preferredEngine, Func<CancellationToken, Task<EngineProbeResult>> probe, CancellationToken cancellationToken)
    {
        switch (requested.Trim().ToLowerInvariant())
        {
            case "process":
                return new RuntimeSelection(RuntimeMode.Process, null, $"{DeployCodeOptions.SectionName}:Runtime is 'process'");

            case "container":
            {
                var found = await probe(cancellationToken);
                return found.HealthyEngine is { } engine
                    ? new RuntimeSelection(RuntimeMode.Container, engine, $"{DeployCodeOptions.SectionName}:Runtime is 'container'; {found.Detail}") { HostAddress = found.HostAddress }
                    : new RuntimeSelection(RuntimeMode.Container, ContainerEngineProbe.EngineOrder(preferredEngine)[0],
                        $"{DeployCodeOptions.SectionName}:Runtime is 'container', but {found.Detail}: containers wait until an engine answers " +
                        "(start Docker or Podman, or set DeployCode:Runtime=process)");
            }

            case "auto" or "":
            {
                var found = await probe(cancellationToken);
                return found.HealthyEngine is { } engine
                    ? new RuntimeSelection(RuntimeMode.Container, engine, $"auto: {found.Detail}") { HostAddress = found.HostAddress }
                    : new RuntimeSelection(RuntimeMode.Process, null, $"auto: {found.Detail}; running infrastructure from local binaries");
            }

            default:
                throw new DeployCodeConfigurationException(
                    $"{DeployCodeOptions.SectionName}:Runtime is '{requested}'; use 'auto' (the default), 'container' or 'process'.");
        }
    }
}
