using System.Diagnostics;
using System.Threading.Channels;
using DeployCode.CircleOfExperts.Experts;

namespace DeployCode.CircleOfExperts.Queries;

/// <summary>
/// Takes questions and has them answered in the background: every chosen expert is asked at once, the answers are
/// combined into a consensus, and the query is stored as completed (at least one answer) or failed (none). An
/// identical recent question is answered from the cache at once.
/// </summary>
internal sealed class ExpertCircle(
    ExpertCatalog catalog,
    ExpertConsultation consultation,
    QueryStore store,
    AnswerCache cache,
    TimeProvider time,
    ILogger<ExpertCircle> logger) : BackgroundService
{
    /// <summary>The service's own activity source (ServiceDefaults exports the one named after the application).</summary>
    public static readonly ActivitySource Activities = new("DeployCode.CircleOfExperts");

    private const int QueriesAtOnce = 4;

    private readonly Channel<(Guid Id, ActivityContext Parent)> _work = Channel.CreateUnbounded<(Guid, ActivityContext)>();

    /// <summary>Stores the question and starts asking, or answers it from the cache.</summary>
    /// <returns>The query as it stands: pending, or completed when it came from the cache.</returns>
    public async Task<ExpertQuery> SubmitAsync(string owner, string question, IReadOnlyList<Expert> experts, bool refresh, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var names = experts.Select(expert => expert.Name).ToArray();
        if (!refresh && await cache.FindAsync(question, experts) is { } cached)
        {
            var answered = new ExpertQuery(Guid.CreateVersion7(now), owner, question, names, QueryStatuses.Completed, true, now, now, cached.Consensus, cached.Answers, null);
            await store.AddAsync(answered, cancellationToken);
            logger.LogInformation("Query {Query} answered from the cache of query {From}", answered.Id, cached.From);
            return answered;
        }

        var query = new ExpertQuery(Guid.CreateVersion7(now), owner, question, names, QueryStatuses.Pending, false, now, null, null, [], null);
        await store.AddAsync(query, cancellationToken);
        _work.Writer.TryWrite((query.Id, Activity.Current?.Context ?? default));
        return query;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Queries a stopped process left pending are asked again: nothing asked is lost.
        foreach (var pending in await store.PendingAsync(stoppingToken))
        {
            _work.Writer.TryWrite((pending.Id, default));
        }

        await Parallel.ForEachAsync(_work.Reader.ReadAllAsync(stoppingToken), new ParallelOptions { MaxDegreeOfParallelism = QueriesAtOnce, CancellationToken = stoppingToken },
            async (item, token) =>
            {
                try
                {
                    await AnswerAsync(item.Id, item.Parent, token);
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    // The query stays pending and is asked again at the next start; the others go on.
                    logger.LogError(exception, "Query {Query} could not be answered", item.Id);
                }
            });
    }

    private async Task AnswerAsync(Guid id, ActivityContext parent, CancellationToken cancellationToken)
    {
        var query = await store.FindAsync(id, cancellationToken);
        if (query is not { Status: QueryStatuses.Pending })
        {
            return;
        }

        using var activity = Activities.StartActivity("circle-of-experts query", ActivityKind.Internal, parent);
        activity?.SetTag("deploycode.query.id", id.ToString());
        activity?.SetTag("deploycode.query.experts", string.Join(',', query.Experts));

        var experts = query.Experts.Select(name => catalog.Find(name)).ToArray();
        var answers = await Task.WhenAll(query.Experts.Zip(experts).Select(pair => pair.Second is { } expert
            ? consultation.AskAsync(expert, query.Question, cancellationToken)
            : Task.FromResult(new ExpertAnswer(pair.First, "", "", AnswerStatuses.Unavailable, null, 0, 0, 0, null, "no longer configured"))));
        var (combined, consensus) = ConsensusBuilder.Combine(answers, name => catalog.Find(name)?.Weight ?? 1);
        var status = consensus is null ? QueryStatuses.Failed : QueryStatuses.Completed;
        var error = consensus is null
            ? "No expert answered: " + string.Join("; ", answers.Select(answer => $"{answer.Expert}: {answer.Error}"))
            : null;
        await store.FinishAsync(id, status, consensus, combined, error, time.GetUtcNow(), cancellationToken);

        activity?.SetTag("deploycode.query.status", status);
        activity?.SetTag("deploycode.query.answered", combined.Count(answer => answer.Answered));
        if (consensus is null)
        {
            activity?.SetStatus(ActivityStatusCode.Error, error);
        }
        else if (experts.All(expert => expert is not null))
        {
            await cache.KeepAsync(query.Question, [.. experts.OfType<Expert>()], new CachedAnswers(id, consensus, combined));
        }

        logger.LogInformation("Query {Query} {Status}: {Answered} of {Asked} experts answered", id, status, combined.Count(answer => answer.Answered), combined.Count);
    }
}
