namespace DeployCode.Orchestrator.Configuration;

/// <summary>The <c>DeployCode:Publish</c> settings: where the .NET services' images come from.</summary>
internal sealed class PublishingOptions
{
    /// <summary>The registry (and path) of the services' images, as <c>dotnet publish /t:PublishContainer</c> pushes them.</summary>
    public string Registry { get; set; } = "ghcr.io/deploy-code";

    /// <summary>The tag of the services' images.</summary>
    public string Tag { get; set; } = "latest";
}
