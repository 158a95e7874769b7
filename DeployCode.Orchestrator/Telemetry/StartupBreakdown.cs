using System.Diagnostics;
using System.Globalization;
using System.Text;
using DeployCode.Orchestrator.Gating;

namespace DeployCode.Orchestrator.Telemetry;

/// <summary>
/// Where the start-up's time went, from the user's launch to a verified platform: the AppHost's and DCP's own
/// start before the first component, then per component what it needed by itself (from its process running
/// to healthy) against what the deployment added (waiting for its dependencies, the gate's release, DCP's
/// spawn), then verification. The services' own critical path is the least the phases could take with
/// nothing added: the longest chain of own starts through the plan's waits.
/// </summary>
internal sealed class StartupBreakdown
{
    private readonly List<Row> _rows = [];

    private StartupBreakdown(StartupTimeline timeline) => Timeline = timeline;

    public StartupTimeline Timeline { get; }

    /// <summary>Launch to the first component leaving NotStarted: the AppHost, DCP and the dashboard starting.</summary>
    public TimeSpan BeforeFirstComponent { get; private init; }

    /// <summary>Launch to the model built and the deployment begun: the AppHost's own start.</summary>
    public TimeSpan AppHostStart { get; private init; }

    /// <summary>First component started to last component healthy.</summary>
    public TimeSpan Phases { get; private init; }

    /// <summary>The longest chain of own starts through the waits.</summary>
    public TimeSpan OwnCriticalPath { get; private init; }

    public TimeSpan Verification { get; private init; }

    /// <summary>Launch to verified.</summary>
    public TimeSpan Total { get; private init; }

    public IReadOnlyList<Row> Rows => _rows;

    /// <summary>One component's start: the deployment's share and its own, in the plan's order.</summary>
    /// <param name="Phase">Its phase in the plan, from 1.</param>
    /// <param name="Component">Its name.</param>
    /// <param name="WaitedForDependencies">From its turn (Waiting) until its last dependency was healthy.</param>
    /// <param name="GateRelease">From its last dependency healthy to its release (the gate's latency).</param>
    /// <param name="ToRunning">From its release to its process or container running (DCP's spawn).</param>
    /// <param name="OwnStart">From running to healthy: what the service needs by itself.</param>
    /// <param name="HealthyAt">Since the launch.</param>
    internal sealed record Row(int Phase, string Component, TimeSpan? WaitedForDependencies, TimeSpan? GateRelease, TimeSpan? ToRunning, TimeSpan? OwnStart, TimeSpan? HealthyAt);

    public static StartupBreakdown From(StartupTimeline timeline, IReadOnlyList<IReadOnlyList<string>> phases, IReadOnlyDictionary<string, SortedSet<string>> dependsOn, IEnumerable<GateRecord> gateRecords)
    {
        var gates = gateRecords.GroupBy(record => record.ResourceName).ToDictionary(group => group.Key, group => group.First(), StringComparer.Ordinal);
        var names = phases.SelectMany(phase => phase).ToArray();
        var firstEntered = names.Select(name => timeline.For(name).Entered).Where(at => at is not null).Min() ?? timeline.DeploymentBegan;
        var lastHealthy = names.Select(name => timeline.For(name).Healthy).Where(at => at is not null).Max() ?? firstEntered;
        var ended = timeline.VerificationEnded ?? lastHealthy;
        var breakdown = new StartupBreakdown(timeline)
        {
            AppHostStart = Between(timeline.Launched, timeline.DeploymentBegan),
            BeforeFirstComponent = Between(timeline.Launched, firstEntered),
            Phases = Between(firstEntered, lastHealthy),
            OwnCriticalPath = CriticalPath(names, dependsOn, name => OwnStart(timeline.For(name))),
            Verification = timeline.VerificationBegan is { } began && timeline.VerificationEnded is { } end ? Between(began, end) : TimeSpan.Zero,
            Total = Between(timeline.Launched, ended),
        };

        for (var phase = 0; phase < phases.Count; phase++)
        {
            foreach (var name in phases[phase])
            {
                var times = timeline.For(name);
                var gate = gates.GetValueOrDefault(name);
                var released = gate?.Released ?? times.Starting ?? times.Entered;
                breakdown._rows.Add(new Row(
                    phase + 1,
                    name,
                    gate?.Waited,
                    gate?.Latency,
                    released is { } from && times.Running is { } running ? Between(from, running) : null,
                    OwnStart(times),
                    times.Healthy is { } healthy ? Between(timeline.Launched, healthy) : null));
            }
        }

        return breakdown;
    }

    /// <summary>The breakdown as the log shows it: a summary line and a table.</summary>
    public string Render()
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"Start-up: {Seconds(Total)} s from launch to verified: AppHost {Seconds(AppHostStart)} s, ")
            .Append(CultureInfo.InvariantCulture, $"then DCP and the dashboard until the first component {Seconds(BeforeFirstComponent - AppHostStart)} s, ")
            .Append(CultureInfo.InvariantCulture, $"phases {Seconds(Phases)} s (the services' own critical path {Seconds(OwnCriticalPath)} s, ")
            .Append(CultureInfo.InvariantCulture, $"added by waiting, gating and spawning {Seconds(Phases - OwnCriticalPath)} s), verification {Seconds(Verification)} s")
            .AppendLine();
        text.AppendLine("phase  component            waited  gate ms  to running  own start  healthy at");
        foreach (var row in _rows)
        {
            text.Append(CultureInfo.InvariantCulture, $"{row.Phase,5}  {row.Component,-19}")
                .Append(CultureInfo.InvariantCulture, $"{Cell(row.WaitedForDependencies),8}")
                .Append(CultureInfo.InvariantCulture, $"{(row.GateRelease is { } gate ? Math.Round(gate.TotalMilliseconds).ToString(CultureInfo.InvariantCulture) : "-"),9}")
                .Append(CultureInfo.InvariantCulture, $"{Cell(row.ToRunning),12}")
                .Append(CultureInfo.InvariantCulture, $"{Cell(row.OwnStart),11}")
                .Append(CultureInfo.InvariantCulture, $"{Cell(row.HealthyAt),12}")
                .AppendLine();
        }

        text.Append("(seconds; waited: for its dependencies once its turn came; gate: from its last dependency healthy to its release; " +
            "to running: from its release until DCP reports its process or container running; own start: from running to healthy)");
        return text.ToString();
    }

    private static TimeSpan? OwnStart(ComponentTimes times) =>
        times.Running is { } running && times.Healthy is { } healthy ? Between(running, healthy) : null;

    // Longest chain of own starts through the waits: each component starts once all it waits for are healthy.
    private static TimeSpan CriticalPath(IReadOnlyCollection<string> names, IReadOnlyDictionary<string, SortedSet<string>> dependsOn, Func<string, TimeSpan?> own)
    {
        var finish = new Dictionary<string, TimeSpan>(StringComparer.Ordinal);
        TimeSpan Finish(string name)
        {
            if (finish.TryGetValue(name, out var known))
            {
                return known;
            }

            var after = dependsOn.GetValueOrDefault(name)?.Where(names.Contains).Select(Finish).DefaultIfEmpty(TimeSpan.Zero).Max() ?? TimeSpan.Zero;
            return finish[name] = after + (own(name) ?? TimeSpan.Zero);
        }

        return names.Select(Finish).DefaultIfEmpty(TimeSpan.Zero).Max();
    }

    private static TimeSpan Between(long from, long to) => to > from ? Stopwatch.GetElapsedTime(from, to) : TimeSpan.Zero;

    private static string Cell(TimeSpan? span) => span is { } value ? Seconds(value) : "-";

    private static string Seconds(TimeSpan span) => span.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture);
}
