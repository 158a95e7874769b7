using System.Text.Json.Serialization;

namespace DeployCode.McpBashGod.Sandbox;

/// <summary>What a command did: exit code, output (truncated past the limit), time, and whether it was stopped.</summary>
public sealed record CommandRun(
    [property: JsonPropertyName("command")] string Command,
    [property: JsonPropertyName("exitCode")] int? ExitCode,
    [property: JsonPropertyName("stdout")] string StandardOutput,
    [property: JsonPropertyName("stderr")] string StandardError,
    [property: JsonPropertyName("durationMs")] long DurationMilliseconds,
    [property: JsonPropertyName("timedOut")] bool TimedOut,
    [property: JsonPropertyName("outputTruncated")] bool OutputTruncated,
    [property: JsonPropertyName("ranWithoutShell")] bool RanWithoutShell)
{
    /// <summary>Finished by itself with exit code 0.</summary>
    [JsonPropertyName("succeeded")]
    public bool Succeeded => ExitCode == 0 && !TimedOut;
}
