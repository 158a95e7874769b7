using System.Diagnostics;
using System.Globalization;
using DeployCode.McpBashGod;
using DeployCode.McpBashGod.Sandbox;
using Microsoft.Extensions.Options;

// dotnet run -c Release --project bench/DeployCode.Bench.Sandbox [rounds]
// Each round runs `echo hi` once sandboxed (SandboxRunner, as execute_command does) and once without bubblewrap
// (the same command line up to bwrap: setpriv when root, prlimit), in alternating order, and prints the medians.
var rounds = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 50;
var workRoot = Directory.CreateTempSubdirectory("deploycode-bench-sandbox-").FullName;
try
{
    var options = Options.Create(new BashGodOptions { WorkRoot = workRoot });
    var sessions = new SessionFolders(options);
    using var availability = new SandboxAvailability(sessions, options, TimeProvider.System);
    var runner = new SandboxRunner(sessions, availability, options);
    var session = sessions.For("bench");
    var state = await availability.StateAsync(CancellationToken.None);
    if (state.Problem is { } problem)
    {
        Console.Error.WriteLine(problem);
        return 1;
    }

    var sandboxedArgv = SandboxCommand.For(session, options.Value, ["echo", "hi"], state.OwnProc);
    var bare = sandboxedArgv.TakeWhile(argument => argument != "bwrap").Append("echo").Append("hi").ToArray();
    var sandboxed = new List<double>();
    var unsandboxed = new List<double>();
    for (var round = 0; round < rounds + 3; round++)
    {
        // The first rounds warm the page cache and the JIT; they are not counted.
        var first = round % 2 == 0;
        var a = first ? await SandboxedAsync() : await BareAsync();
        var b = first ? await BareAsync() : await SandboxedAsync();
        if (round >= 3)
        {
            (first ? sandboxed : unsandboxed).Add(a);
            (first ? unsandboxed : sandboxed).Add(b);
        }
    }

    Console.WriteLine($"echo hi, {rounds} rounds each, alternating ({(SessionFolders.SwitchesUser ? "as root: setpriv to the session's uid" : "not root")}; own /proc: {state.OwnProc})");
    Console.WriteLine($"  sandboxed (SandboxRunner)   median {Median(sandboxed):0.0} ms  min {sandboxed.Min():0.0}  max {sandboxed.Max():0.0}");
    Console.WriteLine($"  without bubblewrap          median {Median(unsandboxed):0.0} ms  min {unsandboxed.Min():0.0}  max {unsandboxed.Max():0.0}");
    Console.WriteLine($"  the sandbox adds            {Median(sandboxed) - Median(unsandboxed):0.0} ms (median against median)");
    return 0;

    async Task<double> SandboxedAsync()
    {
        var run = await runner.RunAsync("echo hi", session, TimeSpan.FromSeconds(20), CancellationToken.None);
        return run.Succeeded && run.StandardOutput == "hi\n" ? run.DurationMilliseconds : throw new InvalidOperationException($"sandboxed echo failed: {run.StandardError}");
    }

    async Task<double> BareAsync()
    {
        var start = new ProcessStartInfo(bare[0]) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = session.Folder };
        foreach (var argument in bare.Skip(1))
        {
            start.ArgumentList.Add(argument);
        }

        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return output == "hi\n" ? clock.Elapsed.TotalMilliseconds : throw new InvalidOperationException("echo without bubblewrap failed");
    }
}
finally
{
    Directory.Delete(workRoot, recursive: true);
}

static double Median(List<double> values)
{
    var sorted = values.Order().ToArray();
    return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
}
