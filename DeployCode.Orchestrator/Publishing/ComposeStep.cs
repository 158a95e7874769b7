using System.Diagnostics;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Pipelines;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DeployCode.Orchestrator.Publishing;

/// <summary>The pipeline step of <c>aspire publish</c> that writes <c>&lt;output&gt;/compose/</c>.</summary>
internal static class ComposeStep
{
    public const string Name = "deploy-code-compose";

    public const string Folder = "compose";

#pragma warning disable ASPIREPIPELINES001, ASPIREPIPELINES004 // Aspire 13's pipeline API is marked experimental.
    public static async Task RunAsync(PipelineStepContext context, OrchestratorResource orchestrator, PublishingOptions options)
    {
        var started = Stopwatch.GetTimestamp();
        var folder = Path.Combine(context.Services.GetRequiredService<IPipelineOutputService>().GetOutputDirectory(), Folder);
        var resolver = ComposePublisher.Resolver();
        var components = await PublishedModel.ReadAsync(context.Model, context.ExecutionContext, orchestrator, options, resolver, context.CancellationToken);

        Directory.CreateDirectory(folder);
        await File.WriteAllTextAsync(Path.Combine(folder, "docker-compose.yaml"), ComposePublisher.Write(components), context.CancellationToken);
        await File.WriteAllTextAsync(Path.Combine(folder, ".env.example"), ComposePublisher.WriteEnvironmentExample(resolver.Parameters), context.CancellationToken);
        context.Logger.LogInformation("Docker Compose: {Count} services written to {Folder} in {Milliseconds:0} ms",
            components.Count, folder, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }
#pragma warning restore ASPIREPIPELINES001, ASPIREPIPELINES004
}
