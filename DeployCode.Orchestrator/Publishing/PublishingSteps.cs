using System.Diagnostics;
using System.Globalization;
using System.Text;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Pipelines;
using DeployCode.Orchestrator.Configuration;
using DeployCode.Orchestrator.Networking;
using DeployCode.Orchestrator.Planning;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DeployCode.Orchestrator.Publishing;

/// <summary>The pipeline steps of <c>aspire publish</c>: <c>&lt;output&gt;/compose/</c> and <c>&lt;output&gt;/kubernetes/</c>.</summary>
internal static class PublishingSteps
{
    public const string Compose = "deploy-code-compose";

    public const string Kubernetes = "deploy-code-kubernetes";

    public const string Validate = "deploy-code-validate";

#pragma warning disable ASPIREPIPELINES001, ASPIREPIPELINES004 // Aspire 13's pipeline API is marked experimental.
    /// <summary>Adds both steps, each required by <c>publish</c>, after the configuration is validated as at start.</summary>
    public static void Add(IDistributedApplicationPipeline pipeline, OrchestratorResource orchestrator, PublishingOptions options)
    {
        pipeline.AddStep(Validate, context => ValidateAsync(context, orchestrator));
        pipeline.AddStep(Compose, context => RunAsync(context, orchestrator, options, "compose", "Docker Compose", ComposePublisher.Resolver(),
            components => ComposePublisher.WriteFiles(components, orchestrator.Platform.Slug)),
            dependsOn: Validate, requiredBy: WellKnownPipelineSteps.Publish);
        pipeline.AddStep(Kubernetes, context => RunAsync(context, orchestrator, options, "kubernetes", "Kubernetes", KubernetesPublisher.Resolver(),
            // The init containers' image comes through the mirror like every other image.
            components => KubernetesPublisher.Write(components, orchestrator.Settings.Images.Resolve("wait-for", ImageReference.Parse(KubernetesPublisher.WaitImage)).ToString(), orchestrator.Platform.Slug)),
            dependsOn: Validate, requiredBy: WellKnownPipelineSteps.Publish);
    }

    // Artifacts written from a configuration the platform would refuse at start would only fail later, on the target.
    private static Task ValidateAsync(PipelineStepContext context, OrchestratorResource orchestrator)
    {
        var problems = ConfigurationValidator.Validate(orchestrator.Settings, DependencyGraph.FromModel(context.Model.Resources), PlatformPorts.Of(context.Model.Resources));
        return problems.Count == 0
            ? Task.CompletedTask
            : throw new DeployCodeConfigurationException($"The DeployCode configuration has {problems.Count} problem(s); nothing was written:{Environment.NewLine}" +
                string.Join(Environment.NewLine, problems.Select(problem => $"  - {problem}")));
    }

    private static async Task RunAsync(
        PipelineStepContext context, OrchestratorResource orchestrator, PublishingOptions options, string folderName, string what,
        PublishedValueResolver resolver, Func<IReadOnlyList<PublishedComponent>, SortedDictionary<string, string>> write)
    {
        var started = Stopwatch.GetTimestamp();
        var folder = Path.Combine(context.Services.GetRequiredService<IPipelineOutputService>().GetOutputDirectory(), folderName);
        var components = await PublishedModel.ReadAsync(context.Model, context.ExecutionContext, orchestrator, options, resolver, context.CancellationToken);
        var files = write(components);
        files[".env.example"] = WriteEnvironmentExample(resolver.Parameters);

        Directory.CreateDirectory(folder);
        foreach (var (name, text) in files)
        {
            var path = Path.Combine(folder, name);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await File.WriteAllTextAsync(path, text, context.CancellationToken);
        }

        context.Logger.LogInformation("{What}: {Count} components, {Files} files written to {Folder} in {Milliseconds:0} ms",
            what, components.Count, files.Count, folder, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }
    /// <summary><c>.env.example</c>: every variable the file needs, each with what it is; never a value of a secret.</summary>
    private static string WriteEnvironmentExample(IReadOnlyDictionary<string, ParameterResource> parameters)
    {
        var text = new StringBuilder("# Copy to .env and fill in. Secrets are never written by `aspire publish`.").AppendLine();
        foreach (var (variable, parameter) in parameters)
        {
            var description = string.IsNullOrEmpty(parameter.Description) ? "" : $": {parameter.Description}";
            text.AppendLine(CultureInfo.InvariantCulture, $"# {parameter.Name}{(parameter.Secret ? " (secret)" : "")}{description}");
            text.AppendLine(CultureInfo.InvariantCulture, $"{variable}=");
        }

        return text.ToString();
    }

#pragma warning restore ASPIREPIPELINES001, ASPIREPIPELINES004
}
