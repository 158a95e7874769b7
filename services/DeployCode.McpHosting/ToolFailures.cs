using System.Data.Common;
using System.Diagnostics;
using Microsoft.Extensions.Logging;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace DeployCode.McpHosting;

/// <summary>
/// Failures a tool did not turn into an <see cref="McpException"/> itself (the database going away, a timeout, a bug):
/// answered as a tool error saying what failed and what to do, and logged with the trace id the answer names. The
/// SDK's own answer would be the bare "An error occurred invoking 'tool'", which tells the caller nothing.
/// </summary>
public static class ToolFailures
{
    /// <summary>Runs the tool call, turning an unexpected failure into a tool error.</summary>
    public static async ValueTask<CallToolResult> ReportAsync(
        McpRequestHandler<CallToolRequestParams, CallToolResult> next,
        RequestContext<CallToolRequestParams> context,
        ILogger logger,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(next);
        ArgumentNullException.ThrowIfNull(context);
        try
        {
            return await next(context, cancellationToken);
        }
        catch (Exception exception) when (IsUnexpected(exception, cancellationToken))
        {
            var tool = context.Params?.Name ?? "the tool";
            var service = context.Server.ServerOptions.ServerInfo?.Name ?? "the service";
            var traceId = Activity.Current?.TraceId.ToHexString() ?? "(none)";
            logger.LogError(exception, "Tool {Tool} failed unexpectedly (trace {TraceId})", tool, traceId);
            return new CallToolResult { IsError = true, Content = [new TextContentBlock { Text = Describe(tool, service, exception, traceId) }] };
        }
    }

    /// <summary>
    /// False for what already reaches the caller as meant: an <see cref="McpException"/> (the tool chose its words)
    /// and the caller's own cancellation. A timeout the caller did not ask for is a failure to report.
    /// </summary>
    public static bool IsUnexpected(Exception exception, CancellationToken requestAborted) => exception switch
    {
        McpException => false,
        OperationCanceledException when requestAborted.IsCancellationRequested => false,
        _ => true,
    };

    /// <summary>What the caller reads: the kind of failure, its message when that is about a dependency, and what to do.</summary>
    public static string Describe(string tool, string service, Exception exception, string traceId)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return exception switch
        {
            DbException database =>
                $"{tool} failed in the database: {database.Message}. If the database is down, {service}'s /health says so; try again once it is healthy.",
            HttpRequestException http =>
                $"{tool} could not reach a service it needs: {http.Message}. Try again shortly; {service}'s /health names what is unreachable.",
            TimeoutException or OperationCanceledException =>
                $"{tool} did not finish in time: {exception.Message} Try again shortly.",
            IOException or UnauthorizedAccessException =>
                $"{tool} failed on the file system: {exception.Message}",
            _ =>
                $"{tool} failed unexpectedly ({exception.GetType().Name}); {service}'s log has the details under trace id {traceId}.",
        };
    }
}
