using Microsoft.Extensions.Logging;

namespace DeployCode.Orchestrator.Runtime;

/// <summary>Log lines of the process-mode infrastructure set-up.</summary>
internal static partial class BootstrapLogging
{
    [LoggerMessage(Level = LogLevel.Error, Message = "Could not prepare the cluster after it started; its health check stays failing until this is fixed")]
    public static partial void LogBootstrapFailure(this ILogger logger, Exception exception);
}
