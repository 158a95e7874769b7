using Microsoft.Extensions.Logging;

namespace DeployCode.Orchestrator.Deployment;

/// <summary>
/// The deployment's log: every line it writes reaches the AppHost's own log and the orchestrator's console in the
/// dashboard, said once. The first deployment and every later change (live settings, Redeploy, Roll back, a move to a
/// replica) write through the same one.
/// </summary>
internal sealed class DeploymentLog(ILogger host, ILogger console) : ILogger
{
    /// <summary>The orchestrator's console alone, for progress only worth showing there.</summary>
    public ILogger Console { get; } = console;

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => host.BeginScope(state);

    public bool IsEnabled(LogLevel logLevel) => host.IsEnabled(logLevel) || Console.IsEnabled(logLevel);

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        host.Log(logLevel, eventId, state, exception, formatter);
        Console.Log(logLevel, eventId, state, exception, formatter);
    }
}
