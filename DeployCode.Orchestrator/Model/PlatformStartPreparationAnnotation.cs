namespace Aspire.Hosting.ApplicationModel;

/// <summary>
/// What a component needs done before each start (PostgreSQL's <c>initdb</c> on first use, say), which the
/// orchestrator begins for the first start as soon as the deployment is validated and the component is given
/// its budget: it then runs while DCP and the dashboard start, about two seconds here, instead of after. Every
/// later start (a restart, a recovery) prepares again. A held component is not prepared until it starts.
/// </summary>
/// <param name="prepareAsync">The preparation; it must be safe to run again before every start.</param>
internal sealed class PlatformStartPreparationAnnotation(Func<IServiceProvider, CancellationToken, Task> prepareAsync) : IResourceAnnotation
{
    private readonly Lock _gate = new();
    private Task? _early;
    private bool _started;

    /// <summary>Begins the first start's preparation now, once, unless that start has come already.</summary>
    public void BeginEarly(IServiceProvider services, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (!_started)
            {
                _early ??= Task.Run(() => prepareAsync(services, cancellationToken), cancellationToken);
            }
        }
    }

    /// <summary>Prepares for a start: the first awaits what began early (its failure included), every later one prepares again.</summary>
    public Task PrepareForStartAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        Task? early;
        lock (_gate)
        {
            early = _started ? null : _early;
            _started = true;
        }

        return early?.WaitAsync(cancellationToken) ?? prepareAsync(services, cancellationToken);
    }
}
