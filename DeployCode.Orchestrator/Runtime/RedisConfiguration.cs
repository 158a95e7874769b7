using System.Globalization;
using Aspire.Hosting.ApplicationModel;

namespace DeployCode.Orchestrator.Runtime;

/// <summary>Writes <c>redis.conf</c> for a process-mode Redis: loopback only, persistent, password-protected.</summary>
internal static class RedisConfiguration
{
    public static async Task WriteAsync(RedisProcessResource resource, CancellationToken cancellationToken)
    {
        var dataDirectory = Path.Combine(resource.WorkingDirectory, "data");
        Directory.CreateDirectory(dataDirectory);
        var port = resource.PrimaryEndpoint.EndpointAnnotation.TargetPort!.Value;
        var password = await resource.PasswordParameter.GetValueAsync(cancellationToken) ?? string.Empty;

        // The password lives in this file rather than on the command line, where `ps` would show it.
        string[] lines =
        [
            "# Written by Deploy-Code at every start; edits are overwritten.",
            "bind 127.0.0.1 -::1",
            string.Create(CultureInfo.InvariantCulture, $"port {port}"),
            "protected-mode yes",
            "daemonize no",
            "logfile \"\"",
            $"dir \"{dataDirectory}\"",
            "appendonly yes",
            "appendfsync everysec",
            "save 60 1",
            $"requirepass \"{password.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)}\"",
        ];

        await SecretFile.WriteAsync(resource.ConfigurationFile, string.Join('\n', lines) + "\n", cancellationToken);
    }
}
