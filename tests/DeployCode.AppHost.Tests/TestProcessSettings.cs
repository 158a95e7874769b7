using System.Runtime.CompilerServices;

namespace DeployCode.AppHost.Tests;

internal static class TestProcessSettings
{
    // Every AppHost these tests build runs in this process, and each watches its settings files with inotify;
    // Linux allows a user 128 inotify instances. The tests never edit settings files while an AppHost runs.
    [ModuleInitializer]
    internal static void DoNotWatchSettingsFiles() =>
        Environment.SetEnvironmentVariable("DOTNET_hostBuilder__reloadConfigOnChange", "false");
}
