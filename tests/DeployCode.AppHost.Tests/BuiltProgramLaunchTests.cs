using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using DeployCode.Orchestrator.Runtime;

namespace DeployCode.AppHost.Tests;

/// <summary>Services start as the programs their build produced, not through <c>dotnet run</c> (inspected in the model).</summary>
public sealed class BuiltProgramLaunchTests
{
    private static readonly string[] s_services =
        ["auth-service", "mcp-filesystem", "mcp-github", "mcp-memory", "mcp-bashgod", "circle-of-experts", "api-gateway"];

    [Fact]
    public async Task EveryServiceStartsAsItsBuiltProgramInItsProjectFolder()
    {
        await using var builder = await AppHostModel.CreateAsync("DeployCode:Runtime=process");

        foreach (var name in s_services)
        {
            var service = Assert.IsType<ProjectResource>(builder.Get(name));
            var project = service.GetProjectMetadata().ProjectPath;
            var launch = service.Annotations.OfType<ExecutableAnnotation>().Single();
            var program = Path.Combine(Path.GetDirectoryName(project)!, "bin");
            Assert.StartsWith(program, launch.Command, StringComparison.Ordinal);
            Assert.Equal(Path.GetFileNameWithoutExtension(project), Path.GetFileName(launch.Command));
            Assert.True(File.Exists(launch.Command), $"{name}: {launch.Command} does not exist");
            Assert.Equal(Path.GetDirectoryName(project), launch.WorkingDirectory);
        }
    }

    [Theory]
    [InlineData("DOTNET_WATCH=true")]
    [InlineData("DEBUG_SESSION_PORT=localhost:1234")]
    public async Task UnderWatchOrAnIdesDebuggerAspiresOwnLaunchStays(string setting)
    {
        await using var builder = await AppHostModel.CreateAsync("DeployCode:Runtime=process", setting);

        Assert.Empty(builder.Get("auth-service").Annotations.OfType<ExecutableAnnotation>());
    }

    [Fact]
    public void AProjectTheBuildDidNotRecordKeepsAspiresLaunch()
    {
        var appHost = typeof(Projects.DeployCode_AppHost).Assembly;

        Assert.Null(BuiltProgramLaunch.Find(appHost, "/nowhere/Unknown.csproj"));
        Assert.NotNull(BuiltProgramLaunch.Find(appHost, new Projects.DeployCode_McpMemory().ProjectPath));
    }
}
