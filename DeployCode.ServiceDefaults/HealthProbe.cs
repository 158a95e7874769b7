using Microsoft.Extensions.Configuration;

namespace DeployCode.ServiceDefaults;

/// <summary>
/// <c>&lt;service&gt; --probe http://localhost:8000/health</c>: asks a URL and exits 0 when it answers with
/// success, 1 otherwise. The services' container images have no curl or wget, so a Docker Compose health check
/// runs the service's own binary this way.
/// </summary>
internal static class HealthProbe
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(4);

    /// <summary>Exits the process with the probe's answer when <c>--probe</c> is given; returns otherwise.</summary>
    public static void RunIfAsked(IConfiguration configuration)
    {
        if (configuration["probe"] is not { Length: > 0 } url)
        {
            return;
        }

        Environment.Exit(AskAsync(url).GetAwaiter().GetResult() ? 0 : 1);
    }

    /// <summary>Whether <paramref name="url"/> answers with a success status within four seconds.</summary>
    public static async Task<bool> AskAsync(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var address))
        {
            await Console.Error.WriteLineAsync($"--probe: '{url}' is not an absolute URL such as http://localhost:8000/health");
            return false;
        }

        using var client = new HttpClient { Timeout = s_timeout };
        try
        {
            using var response = await client.GetAsync(address);
            await Console.Out.WriteLineAsync($"{address}: {(int)response.StatusCode}");
            return response.IsSuccessStatusCode;
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
        {
            await Console.Error.WriteLineAsync($"{address}: {exception.Message}");
            return false;
        }
    }
}
