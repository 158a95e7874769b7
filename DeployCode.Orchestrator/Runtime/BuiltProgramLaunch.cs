using System.Reflection;
using System.Runtime.InteropServices;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Configuration;

namespace DeployCode.Orchestrator.Runtime;

/// <summary>
/// Starts a service project as the program its build produced, instead of Aspire's <c>dotnet run --no-build</c>:
/// that command evaluates the project with MSBuild on every start and restart, about a second of CPU per service
/// and two on a busy machine, before the service runs at all. The AppHost's build records each program's path
/// (<c>build/DeployCode.Orchestrator.targets</c>); without that record, under an IDE's debugger or under
/// <c>dotnet watch</c>, Aspire's own launch stays. Everything else Aspire gives a project (its environment,
/// endpoints, telemetry) is unchanged: only the command is.
/// </summary>
internal static class BuiltProgramLaunch
{
    /// <summary>The key of the AppHost's assembly metadata naming a project's built program: this and the project's path.</summary>
    public const string MetadataPrefix = "DeployCode.ServiceOutput:";

    public static void Apply(IResourceBuilder<ProjectResource> service, IProjectMetadata project, Assembly appHost)
    {
        var configuration = service.ApplicationBuilder.Configuration;
        if (!service.ApplicationBuilder.ExecutionContext.IsRunMode ||
            !string.IsNullOrEmpty(configuration["DEBUG_SESSION_PORT"]) ||
            string.Equals(configuration["DOTNET_WATCH"], "true", StringComparison.OrdinalIgnoreCase) ||
            Find(appHost, project.ProjectPath) is not { } program)
        {
            return;
        }

        service.WithAnnotation(new ExecutableAnnotation { Command = program, WorkingDirectory = Path.GetDirectoryName(project.ProjectPath)! }, ResourceAnnotationMutationBehavior.Replace);
        // `dotnet run` tells the program where the runtime is; a program started directly finds it through DOTNET_ROOT.
        if (RuntimeRoot() is { } root && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("DOTNET_ROOT")))
        {
            service.WithEnvironment("DOTNET_ROOT", root);
        }
    }

    /// <summary>The built program of the project at <paramref name="projectPath"/>, when the build recorded it and it exists.</summary>
    public static string? Find(Assembly appHost, string projectPath)
    {
        var assembly = appHost.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(attribute => attribute.Key == MetadataPrefix + projectPath)?.Value;
        if (assembly is null)
        {
            return null;
        }

        var program = OperatingSystem.IsWindows() ? Path.ChangeExtension(assembly, ".exe") : Path.ChangeExtension(assembly, null);
        return File.Exists(assembly) && File.Exists(program) ? program : null;
    }

    // The folder holding shared/Microsoft.NETCore.App/<version>/, from the runtime this AppHost runs on.
    private static string? RuntimeRoot()
    {
        var runtime = new DirectoryInfo(RuntimeEnvironment.GetRuntimeDirectory().TrimEnd(Path.DirectorySeparatorChar));
        return runtime.Parent?.Parent?.Parent?.FullName;
    }
}
