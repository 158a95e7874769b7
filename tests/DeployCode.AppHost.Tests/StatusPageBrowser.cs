using System.Text.Json;

namespace DeployCode.AppHost.Tests;

/// <summary>
/// The status page opened in Debian's chromium through playwright-core (<c>tests/browser/status-page.mjs</c>): what it
/// showed, and axe-core's WCAG 2 A/AA findings. Screenshots go to <c>TestResults/screenshots/&lt;name&gt;/</c>.
/// </summary>
internal static class StatusPageBrowser
{
    private static readonly string s_folder = Path.Combine(RepositoryFolder.Root, "tests", "browser");

    /// <summary>Signs in to the dashboard with <paramref name="loginUrl"/>, follows <paramref name="resource"/>'s "Status page" link, and reads the page.</summary>
    public static Task<JsonDocument> FromDashboardAsync(string name, string loginUrl, string resource) =>
        RunAsync(name, "--dashboard", loginUrl, "--resource", resource, "--link", "Status page");

    /// <summary>Opens the status page at <paramref name="address"/> and reads it.</summary>
    public static Task<JsonDocument> OpenAsync(string name, Uri address) => RunAsync(name, "--status", address.ToString());

    /// <summary>Where the screenshots of <paramref name="name"/> are.</summary>
    public static string Screenshots(string name) => Path.Combine(RepositoryFolder.Root, "TestResults", "screenshots", name);

    private static async Task<JsonDocument> RunAsync(string name, params string[] arguments)
    {
        if (!Directory.Exists(Path.Combine(s_folder, "node_modules", "playwright-core")) || !File.Exists("/usr/bin/chromium"))
        {
            throw new InvalidOperationException("The browser tests need Debian's chromium and tests/browser's packages: ./deploy-code test installs both (apt-get install chromium; npm ci --prefix tests/browser).");
        }

        var (exitCode, output, errors) = await CommandLine.RunAsync("node", s_folder, TimeSpan.FromMinutes(2),
            [Path.Combine(s_folder, "status-page.mjs"), "--out", Screenshots(name), .. arguments]);
        Assert.True(exitCode == 0, $"the browser could not read the status page: {errors}");
        return JsonDocument.Parse(output);
    }
}
