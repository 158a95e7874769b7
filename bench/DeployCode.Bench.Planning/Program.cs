// Planning and budgeting at scale: a synthetic platform of 10,000 components and 50,000 waits, planned
// (Kahn layering) and shared out on a machine, timed over several rounds.
//   dotnet run -c Release --project bench/DeployCode.Bench.Planning [components] [waits] [rounds]
using System.Diagnostics;
using System.Globalization;
using DeployCode.Orchestrator.Configuration;
using DeployCode.Orchestrator.Planning;
using DeployCode.Orchestrator.Resources;

var components = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 10_000;
var waits = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 50_000;
var rounds = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 7;

// A random DAG: each wait points from a component to one with a smaller index, so there is no cycle.
var random = new Random(42);
var names = Enumerable.Range(0, components).Select(index => $"service-{index:D5}").ToArray();
var edges = names.ToDictionary(name => name, _ => new HashSet<string>(StringComparer.Ordinal));
for (var added = 0; added < waits;)
{
    var from = random.Next(1, components);
    if (edges[names[from]].Add(names[random.Next(0, from)]))
    {
        added++;
    }
}

var budgets = names.ToDictionary(name => name, name => new ServiceBudget(0.01, 16, 0.01, 0, false, random.Next(10) == 0, 1));
var host = new HostCapacity(256, 262_144, 10_000, 0);

var timings = new List<double>();
for (var round = 0; round < rounds; round++)
{
    var clock = Stopwatch.StartNew();
    var graph = DependencyGraph.FromEdges(edges.Select(edge => new KeyValuePair<string, IEnumerable<string>>(edge.Key, edge.Value)));
    var plan = DeploymentPlan.For(graph);
    var allocation = BudgetAllocator.Allocate(plan, budgets, host, 20, enforce: true);
    clock.Stop();
    timings.Add(clock.Elapsed.TotalMilliseconds);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"round {round + 1}: {clock.Elapsed.TotalMilliseconds:0.0} ms ({plan.Phases.Count} phases, {allocation.Held.Count()} held)"));
}

timings.Sort();
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"{components} components, {waits} waits: median {timings[timings.Count / 2]:0.0} ms, best {timings[0]:0.0} ms over {rounds} rounds (the first includes JIT)"));
