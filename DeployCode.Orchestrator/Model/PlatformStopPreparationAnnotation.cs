namespace Aspire.Hosting.ApplicationModel;

/// <summary>
/// What to do before the orchestrator stops or restarts a component, so that it can stop cleanly: Aspire has no
/// hook of its own before a stop. A failure is reported and the stop goes ahead.
/// </summary>
/// <param name="PrepareAsync">The preparation, such as ending PostgreSQL's client sessions.</param>
internal sealed record PlatformStopPreparationAnnotation(Func<CancellationToken, Task> PrepareAsync) : IResourceAnnotation;
