using DeployCode.Orchestrator.Resources;

namespace DeployCode.Orchestrator.Tests;

public sealed class ProcessTableTests
{
    [Fact]
    public void ACommandNameWithSpacesAndParenthesesDoesNotShiftTheFields()
    {
        // pid (comm) state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime cutime cstime
        // priority nice threads itrealvalue starttime vsize rss …
        var stat = "4242 (my (odd) name) S 17 4242 4242 0 -1 4194560 500 0 0 0 120 30 0 0 20 0 4 0 900 123456 250 18446744073709551615";

        var sample = ProcessTable.Parse(stat);

        Assert.Equal(new ProcessSample(17, 150, 250L * Environment.SystemPageSize), sample);
    }

    [Fact]
    public void AComponentCountsEveryProcessItStartedButNotItsSiblings()
    {
        using var proc = new TempFolder();
        Stat(proc, 100, parent: 1, ticks: 10, pages: 100);    // the component, e.g. postgres
        Stat(proc, 101, parent: 100, ticks: 5, pages: 50);    // a backend
        Stat(proc, 102, parent: 101, ticks: 1, pages: 10);    // its child
        Stat(proc, 200, parent: 1, ticks: 999, pages: 999);   // someone else
        Directory.CreateDirectory(Path.Combine(proc.Path, "self-not-a-pid"));

        var table = ProcessTable.Read(proc.Path);

        Assert.Equal((16L, 160L * Environment.SystemPageSize), table.TreeTotals(100));
        Assert.Null(table.TreeTotals(300));
    }

    [Fact]
    public void TheRealProcessTableShowsThisProcessUsingMemory()
    {
        var totals = ProcessTable.Read().TreeTotals(Environment.ProcessId);

        Assert.NotNull(totals);
        Assert.True(totals.Value.ResidentBytes > 10 * 1024 * 1024);
        Assert.True(ProcessTable.TicksPerSecond > 0);
    }

    private static void Stat(TempFolder proc, int pid, int parent, long ticks, long pages) =>
        proc.PlainFile($"{pid}/stat", $"{pid} (x) S {parent} 1 1 0 -1 0 0 0 0 0 {ticks} 0 0 0 20 0 1 0 1 1000 {pages}");
}
