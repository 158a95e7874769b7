// Health gating, side by side: the same chain of executables (each 1.6 s from spawn to listening, each
// waiting on the one before with WaitFor + an HTTP health check) started through DCP with Aspire's WaitFor
// alone and with Deploy-Code's health gate, alternating, several rounds.
//   dotnet run -c Release --project bench/DeployCode.Bench.Gating [links] [rounds]
using System.Globalization;

var links = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 5;
var rounds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 3;
var startup = TimeSpan.FromSeconds(1.6);

var results = new Dictionary<string, List<ChainTimings>> { ["Aspire WaitFor"] = [], ["Deploy-Code gate"] = [] };
for (var round = 1; round <= rounds; round++)
{
    foreach (var (label, gated, port) in new[] { ("Aspire WaitFor", false, 47101), ("Deploy-Code gate", true, 47201) }.Where(run => Environment.GetEnvironmentVariable("BENCH_ONLY") is not { } only || run.Item1.StartsWith(only, StringComparison.Ordinal)))
    {
        var timings = await ChainRun.RunAsync(gated, links, startup, port);
        results[label].Add(timings);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"round {round} {label,-17} total {timings.Total.TotalSeconds,5:0.00} s  critical path {timings.CriticalPath.TotalSeconds,5:0.00} s  gaps {string.Join(" ", timings.Gaps.Select(gap => $"{gap.TotalMilliseconds:0}"))} ms"));
    }
}

Console.WriteLine();
Console.WriteLine($"{links}-link chain, {startup.TotalSeconds} s start-up per link, {rounds} rounds (medians)");
Console.WriteLine("| gating | total | critical path | overhead | gap per link |");
Console.WriteLine("|---|---|---|---|---|");
foreach (var (label, runs) in results)
{
    var total = Median(runs.Select(run => run.Total.TotalSeconds));
    var critical = Median(runs.Select(run => run.CriticalPath.TotalSeconds));
    var gap = Median(runs.SelectMany(run => run.Gaps).Select(value => value.TotalMilliseconds));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"| {label} | {total:0.00} s | {critical:0.00} s | {(total / critical - 1) * 100:0.0} % | {gap:0} ms |"));
}

static double Median(IEnumerable<double> values)
{
    var sorted = values.Order().ToArray();
    return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
}
