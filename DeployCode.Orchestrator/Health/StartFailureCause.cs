using System.Globalization;
using Aspire.Hosting.ApplicationModel;
using DeployCode.Orchestrator.Runtime;

namespace DeployCode.Orchestrator.Health;

/// <summary>
/// Says why a component did not start, in words a user can act on. DCP keeps the engine's own error in its
/// debug log only, so for a container the engine is asked again: is the image here, and if not, what does a
/// pull answer.
/// </summary>
internal sealed class StartFailureCause(string? engineCli, TimeSpan pullTimeout)
{
    public async Task<string> DescribeAsync(IResource resource, CustomResourceSnapshot snapshot, CancellationToken cancellationToken)
    {
        var state = snapshot.State?.Text ?? "unknown";
        if (resource is ContainerResource container && state == KnownResourceStates.FailedToStart && engineCli is not null &&
            ContainerImages.Reference(container) is { } image)
        {
            return await DescribeImageAsync(resource.Name, image, cancellationToken);
        }

        return snapshot.ExitCode is { } exitCode
            ? $"exited with code {exitCode.ToString(CultureInfo.InvariantCulture)} before it was ready ({state}); see its console log"
            : $"{state} before it was ready; see its console log";
    }

    private async Task<string> DescribeImageAsync(string name, string image, CancellationToken cancellationToken)
    {
        var present = await EngineCommand.RunAsync(engineCli!, ["image", "inspect", "--format", "{{.Id}}", image], TimeSpan.FromSeconds(10), cancellationToken);
        if (present.Succeeded)
        {
            return $"its container did not start, although the image {image} is here; see its console log";
        }

        var pull = await EngineCommand.RunAsync(engineCli!, ["pull", "--quiet", image], pullTimeout, cancellationToken);
        return pull.Succeeded
            ? $"the image {image} was not here when it started, and has been pulled since: restart the AppHost to run it"
            : $"image {image} could not be pulled ({pull.Explanation}); set DeployCode:Images:Registry to a mirror, " +
              $"or DeployCode:Services:{name}:Image to an image this machine has";
    }
}
