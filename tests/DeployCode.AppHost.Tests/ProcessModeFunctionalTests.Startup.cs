using System.Text.RegularExpressions;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using DeployCode.Orchestrator.Runtime;
using Microsoft.Extensions.DependencyInjection;

namespace DeployCode.AppHost.Tests;

// How the platform started: the programs that run, and the orchestrator's account of where the time went.
public sealed partial class ProcessModeFunctionalTests
{
    [Fact]
    public void EveryServiceProcessIsItsBuiltProgramWithNoDotnetRunAboveIt()
    {
        var model = platform.App.Services.GetRequiredService<DistributedApplicationModel>();
        var appHost = typeof(Projects.DeployCode_AppHost).Assembly;
        foreach (var service in PlatformLauncher.StartedHere(model).OfType<ProjectResource>())
        {
            Assert.True(platform.App.ResourceNotifications.TryGetCurrentState(service.Name, out var current), $"{service.Name} has no state");
            var pid = Convert.ToInt32(current.Snapshot.Properties.Single(property => property.Name == "executable.pid").Value, System.Globalization.CultureInfo.InvariantCulture);
            var commandLine = File.ReadAllText($"/proc/{pid}/cmdline").Split('\0');
            var parent = File.ReadAllText($"/proc/{File.ReadAllText($"/proc/{pid}/stat").Split(") ")[1].Split(' ')[1]}/cmdline").Replace('\0', ' ');

            Assert.Equal(BuiltProgramLaunch.Find(appHost, service.GetProjectMetadata().ProjectPath), commandLine[0]);
            Assert.DoesNotContain("dotnet run", parent, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void TheOrchestratorLogsWhereTheStartUpsTimeWentForEveryComponent()
    {
        var log = File.ReadAllText(Path.Combine(platform.Events.LogDirectory, "deploy-code.log"));

        Assert.Matches(@"Start-up: \d+\.\d\d s from launch to verified: AppHost \d+\.\d\d s", log);
        foreach (var name in s_platformResources)
        {
            // phase, name, then waited, gate, to running, own start (measured for every component that ran), healthy at.
            Assert.Matches(new Regex($@"^\s*\d\s+{Regex.Escape(name)}\s+(-|\d+\.\d\d)\s+(-|\d+)\s+\d+\.\d\d\s+\d+\.\d\d\s+\d+\.\d\d\s*$", RegexOptions.Multiline), log);
        }
    }
}
