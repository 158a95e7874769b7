using System.Text.Json;
using DeployCode.Status;

// ./deploy-code status [--url URL] [--state FOLDER]: the running platform's /registry as a table; exit 1 when none answers.
var options = StatusOptions.Parse(args);
if (options.Problem is { } problem)
{
    Console.Error.WriteLine($"deploy-code status: {problem}");
    Console.Error.WriteLine(StatusOptions.Usage);
    return 2;
}

var (address, from) = PlatformAddress.Find(options);
using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
string json;
try
{
    json = await client.GetStringAsync(new Uri(address, "/registry"));
}
catch (Exception failure) when (failure is HttpRequestException or TaskCanceledException)
{
    Console.Error.WriteLine($"No platform is running: nothing answers at {new Uri(address, "/registry")} ({from}; {failure.GetBaseException().Message}).");
    Console.Error.WriteLine("Start one with ./deploy-code run, or name where it listens with --url or its state folder with --state.");
    return 1;
}

using var registry = JsonDocument.Parse(json);
Console.Write(StatusTable.Render(registry.RootElement, address));
return 0;
