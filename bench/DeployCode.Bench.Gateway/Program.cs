// Gateway throughput with JWT validation against a direct call, side by side: GET /auth/me with a real access token,
// once straight to auth-service (which validates the token and checks the session) and once through api-gateway
// (which validates it, checks the session and rate limits, then forwards to auth-service, which validates it again).
// Rounds alternate so that both sides see the same machine.
//   dotnet run -c Release --project bench/DeployCode.Bench.Gateway [seconds per round] [workers] [rounds]
using System.Globalization;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

var seconds = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 10;
var workers = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 16;
var rounds = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 3;

var state = Directory.CreateTempSubdirectory("deploycode-bench-gateway-");
// PostgreSQL runs as its own user and must be able to enter the state folder.
if (!OperatingSystem.IsWindows())
{
    state.UnixFileMode |= UnixFileMode.OtherExecute | UnixFileMode.GroupExecute;
}
string[] settings =
[
    "DeployCode:Runtime=process",
    $"DeployCode:StateDirectory={state.FullName}",
    $"Parameters:postgresql-password={RandomNumberGenerator.GetHexString(32)}",
    $"Parameters:redis-password={RandomNumberGenerator.GetHexString(32)}",
    $"Parameters:jwt-signing-key={RandomNumberGenerator.GetHexString(48)}",
];
using var startTimeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.DeployCode_AppHost>(settings, startTimeout.Token);
// The services' console logs would otherwise be copied here line by line, competing with the load.
builder.Services.Configure<LoggerFilterOptions>(logging => logging.MinLevel = LogLevel.Warning);
builder.CreateResourceBuilder(builder.Resources.OfType<ProjectResource>().Single(resource => resource.Name == "api-gateway"))
    .WithEnvironment("Gateway__PerUserRequestsPerMinute", "100000000")
    .WithEnvironment("Gateway__PerAddressRequestsPerMinute", "100000000");
// BENCH_SERVICE_ENV="NAME=value;NAME=value" sets environment variables on the gateway and auth-service, to compare a
// runtime or library setting side by side with the same build: OTEL_SDK_DISABLED=true shows what tracing and metrics cost.
foreach (var setting in (Environment.GetEnvironmentVariable("BENCH_SERVICE_ENV") ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
{
    var (name, value) = setting.IndexOf('=') is > 0 and var equals
        ? (setting[..equals], setting[(equals + 1)..])
        : throw new ArgumentException($"BENCH_SERVICE_ENV: '{setting}' is not NAME=value");
    foreach (var service in new[] { "api-gateway", "auth-service" })
    {
        builder.CreateResourceBuilder(builder.Resources.OfType<ProjectResource>().Single(resource => resource.Name == service)).WithEnvironment(name, value);
    }
}

await using var app = await builder.BuildAsync(startTimeout.Token);
await app.StartAsync(startTimeout.Token);
// The whole platform deployed and verified (not only the gateway healthy): services still starting would share the
// cores with the load and skew the first rounds. Then a few quiet seconds.
await app.ResourceNotifications.WaitForResourceAsync("deploy-code", e => e.Snapshot.State?.Text?.StartsWith("Running", StringComparison.Ordinal) == true, startTimeout.Token);
await Task.Delay(TimeSpan.FromSeconds(5), startTimeout.Token);

using var setup = new HttpClient { BaseAddress = new Uri("http://127.0.0.1:8088/") };
var account = new { username = "bench", password = "a long enough bench password" };
(await setup.PostAsJsonAsync("/auth/register", account)).EnsureSuccessStatusCode();
var tokens = await (await setup.PostAsJsonAsync("/auth/token", account)).EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>();
var accessToken = tokens.GetProperty("access_token").GetString()!;

// BENCH_HOLD=<seconds> keeps the deployed platform up that long before the rounds, with the token in a file, for a
// profiler or another load generator to work against the same servers.
if (int.TryParse(Environment.GetEnvironmentVariable("BENCH_HOLD"), CultureInfo.InvariantCulture, out var holdSeconds))
{
    var tokenFile = Path.Combine(state.FullName, "access-token");
    await File.WriteAllTextAsync(tokenFile, accessToken);
    Console.WriteLine($"holding the platform for {holdSeconds} s: token in {tokenFile}");
    await Task.Delay(TimeSpan.FromSeconds(holdSeconds));
}

// BENCH_BREAKDOWN=1 adds the steps of each path, to see where the time goes by difference: the bare server (/alive,
// no token), the token and session checks without the database (/auth/session), and the whole request (/auth/me).
var targets = new List<(string Label, Uri Address, bool WithToken)>
{
    ("direct to auth-service", new Uri("http://127.0.0.1:8000/auth/me"), true),
    ("through api-gateway", new Uri("http://127.0.0.1:8088/auth/me"), true),
};
if (Environment.GetEnvironmentVariable("BENCH_BREAKDOWN") == "1")
{
    targets.InsertRange(0,
    [
        ("auth-service /alive, no token", new Uri("http://127.0.0.1:8000/alive"), false),
        ("auth-service /auth/session", new Uri("http://127.0.0.1:8000/auth/session"), true),
        ("api-gateway /alive, no token", new Uri("http://127.0.0.1:8088/alive"), false),
        ("api-gateway /auth/session", new Uri("http://127.0.0.1:8088/auth/session"), true),
    ]);
}

// Warm-up until the JIT has settled: on two busy cores the services' background JIT takes a minute or more under load
// to recompile the hot paths (tier 1), and throughput keeps rising until it is done; a fixed 15 s warm-up left a path at
// half its steady rate. Each path runs in 5 s windows until the servers and this process together compile fewer than
// 150 methods in a window (an idle service compiles about 25 in 5 s), for at most 3 minutes.
var servers = new[] { new Uri("http://127.0.0.1:8000/metrics"), new Uri("http://127.0.0.1:8088/metrics") };
foreach (var (label, address, withToken) in targets)
{
    var warmUp = await WarmUp.UntilJitSettledAsync(setup, servers, address, withToken ? accessToken : null, workers,
        TimeSpan.FromSeconds(5), 150, TimeSpan.FromMinutes(3));
    Console.WriteLine(warmUp.Describe(label));
}

var results = targets.ToDictionary(target => target.Label, _ => new List<LoadResult>());
for (var round = 1; round <= rounds; round++)
{
    foreach (var (label, address, withToken) in targets)
    {
        var result = await LoadResult.RunAsync(address, withToken ? accessToken : null, workers, TimeSpan.FromSeconds(seconds));
        results[label].Add(result);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"round {round} {label,-30} {result.RequestsPerSecond,7:0} req/s  p50 {result.P50Milliseconds,6:0.0} ms  p95 {result.P95Milliseconds,6:0.0} ms  {result.Failures} failed"));
    }
}

Console.WriteLine();
Console.WriteLine($"GET /auth/me with a valid token, {workers} workers, {seconds} s per round, {rounds} rounds (medians)");
Console.WriteLine("| path | requests/s | p50 | p95 | failed |");
Console.WriteLine("|---|---|---|---|---|");
foreach (var (label, runs) in results)
{
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"| {label} | {Median(runs.Select(run => run.RequestsPerSecond)):0} | {Median(runs.Select(run => run.P50Milliseconds)):0.0} ms | {Median(runs.Select(run => run.P95Milliseconds)):0.0} ms | {runs.Sum(run => run.Failures)} |"));
}

var (direct, through) = (results["direct to auth-service"], results["through api-gateway"]);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"through the gateway: {Median(through.Select(run => run.RequestsPerSecond)) / Median(direct.Select(run => run.RequestsPerSecond)) * 100:0} % of direct's requests/s, p95 {Median(through.Select(run => run.P95Milliseconds)) / Median(direct.Select(run => run.P95Milliseconds)):0.00}x direct's"));

await app.StopAsync();
state.Delete(recursive: true);

static double Median(IEnumerable<double> values)
{
    var sorted = values.Order().ToArray();
    return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
}
