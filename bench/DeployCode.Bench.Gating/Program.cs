// Health gating, side by side: the same chain of executables (each 1.6 s from spawn to listening, each
// waiting on the one before with WaitFor + an HTTP health check) started through DCP with Aspire's WaitFor
// alone and with Deploy-Code's health gate, alternating, several rounds.
//   dotnet run -c Release --project bench/DeployCode.Bench.Gating [links] [rounds]
// BENCH_ONLY=Aspire or BENCH_ONLY=Deploy runs one side; BENCH_TRACE=1 prints every state change of the links.
using System.Globalization;

var links = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 5;
var rounds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 3;
var startup = TimeSpan.FromSeconds(1.6);

// Below the ephemeral range (see ChainRun): 27101.. and 27201.. with Linux's default 32768. BENCH_FIRST_PORT
// overrides it, to show what a port inside the range does (47101 was the old choice).
var firstPort = Environment.GetEnvironmentVariable("BENCH_FIRST_PORT") is { } chosen ? int.Parse(chosen, CultureInfo.InvariantCulture) : ChainRun.EphemeralPortsFrom() - 5667;
if (firstPort < 1024)
{
    throw new InvalidOperationException("The ephemeral port range starts too low to leave room for the links below it.");
}

var results = new Dictionary<string, List<ChainTimings>> { ["Aspire WaitFor"] = [], ["Deploy-Code gate"] = [] };
var unfinished = results.Keys.ToDictionary(label => label, _ => 0);
for (var round = 1; round <= rounds; round++)
{
    foreach (var (label, gated, port) in new[] { ("Aspire WaitFor", false, firstPort), ("Deploy-Code gate", true, firstPort + 100) }.Where(run => Environment.GetEnvironmentVariable("BENCH_ONLY") is not { } only || run.Item1.StartsWith(only, StringComparison.Ordinal)))
    {
        try
        {
            var timings = await ChainRun.RunAsync(gated, links, startup, port);
            results[label].Add(timings);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"round {round} {label,-17} total {timings.Total.TotalSeconds,5:0.00} s  critical path {timings.CriticalPath.TotalSeconds,5:0.00} s  gaps {string.Join(" ", timings.Gaps.Select(gap => $"{gap.TotalMilliseconds:0}"))} ms"));
        }
        catch (RoundFailedException failure)
        {
            unfinished[label]++;
            Console.WriteLine($"round {round} {label,-17} DID NOT FINISH: {failure.Message}");
        }
    }
}

Console.WriteLine();
Console.WriteLine($"{links}-link chain, {startup.TotalSeconds} s start-up per link, {rounds} rounds (medians)");
Console.WriteLine("| gating | rounds finished | total | critical path | overhead | gap per link |");
Console.WriteLine("|---|---|---|---|---|---|");
foreach (var (label, runs) in results.Where(result => result.Value.Count > 0))
{
    var total = Median(runs.Select(run => run.Total.TotalSeconds));
    var critical = Median(runs.Select(run => run.CriticalPath.TotalSeconds));
    var gap = Median(runs.SelectMany(run => run.Gaps).Select(value => value.TotalMilliseconds));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"| {label} | {runs.Count} of {runs.Count + unfinished[label]} | {total:0.00} s | {critical:0.00} s | {(total / critical - 1) * 100:0.0} % | {gap:0} ms |"));
}

var failed = unfinished.Values.Sum();
Console.WriteLine(failed == 0 ? "every round finished" : $"{failed} round(s) did not finish (above, with the cause)");
return failed == 0 ? 0 : 1;

static double Median(IEnumerable<double> values)
{
    var sorted = values.Order().ToArray();
    return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
}
