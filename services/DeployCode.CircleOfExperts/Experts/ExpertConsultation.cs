using System.Diagnostics;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace DeployCode.CircleOfExperts.Experts;

/// <summary>
/// Puts a question to one expert through its chat client, within its timeout and circuit, and says what came of
/// it: the answer with its latency, tokens and cost, or why there is none. It never throws for the expert's sake,
/// so one expert cannot hold or sink the others.
/// </summary>
internal sealed class ExpertConsultation(ExpertClients clients, ExpertCircuits circuits, ExpertAvailability availability, ExpertMetrics metrics, IOptions<CircleOptions> options, ILogger<ExpertConsultation> logger)
{
    /// <summary>What every expert is told before the question.</summary>
    public const string Instructions =
        "You are one expert in a circle of experts answering the same question independently. Answer it directly and " +
        "concisely, with the facts and reasoning that support your answer. Say so plainly when you are unsure.";

    /// <summary>Asks <paramref name="expert"/>; an expert that cannot be asked now is reported without a call.</summary>
    public async Task<ExpertAnswer> AskAsync(Expert expert, string question, CancellationToken cancellationToken)
    {
        var status = availability.StatusOf(expert);
        if (!status.Available)
        {
            return Unanswered(expert, AnswerStatuses.Unavailable, TimeSpan.Zero, status.Reason);
        }

        var started = Stopwatch.GetTimestamp();
        try
        {
            var response = await circuits.ExecuteAsync(expert, async token => await clients.For(expert).GetResponseAsync(
                [new ChatMessage(ChatRole.System, Instructions), new ChatMessage(ChatRole.User, question)],
                new ChatOptions { MaxOutputTokens = options.Value.MaxOutputTokens },
                token), cancellationToken);
            var latency = Stopwatch.GetElapsedTime(started);
            var input = response.Usage?.InputTokenCount ?? 0;
            var output = response.Usage?.OutputTokenCount ?? 0;
            var cost = expert.Cost(input, output);
            metrics.Answered(expert, AnswerStatuses.Answered, latency, input, output, cost);
            availability.Answered(expert);
            return new ExpertAnswer(expert.Name, expert.Provider, response.ModelId ?? expert.Model, AnswerStatuses.Answered, response.Text, (long)latency.TotalMilliseconds, input, output, cost, null);
        }
        catch (BrokenCircuitException)
        {
            return Unanswered(expert, AnswerStatuses.CircuitOpen, Stopwatch.GetElapsedTime(started), availability.StatusOf(expert).Reason);
        }
        catch (Exception exception) when (exception is TimeoutRejectedException || (!cancellationToken.IsCancellationRequested && EndedByTimeout(exception, started, expert)))
        {
            return Unanswered(expert, AnswerStatuses.TimedOut, Stopwatch.GetElapsedTime(started), $"no answer within {expert.Timeout.TotalSeconds:0} s (DeployCode:Experts:{expert.Name}:TimeoutSeconds)");
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(exception, "Expert {Expert} failed to answer", expert.Name);
            return Unanswered(expert, AnswerStatuses.Failed, Stopwatch.GetElapsedTime(started), Describe(exception));
        }
    }

    private ExpertAnswer Unanswered(Expert expert, string status, TimeSpan latency, string reason)
    {
        if (status != AnswerStatuses.Unavailable)
        {
            metrics.Answered(expert, status, latency, 0, 0, null);
        }

        return new ExpertAnswer(expert.Name, expert.Provider, expert.Model, status, null, (long)latency.TotalMilliseconds, 0, 0, null, reason);
    }

    /// <summary>
    /// Whether the expert's own timeout ended the call though the exception is not Polly's: a provider's SDK can wrap
    /// the cancellation (or the connection's abort) in its own exception when the timeout fires mid-response, which
    /// happened under load. Inside the pipeline only the timeout cancels once the caller has not.
    /// </summary>
    private static bool EndedByTimeout(Exception exception, long started, Expert expert)
    {
        for (var inner = exception; inner is not null; inner = inner.InnerException)
        {
            if (inner is OperationCanceledException)
            {
                return true;
            }
        }

        return Stopwatch.GetElapsedTime(started) >= expert.Timeout;
    }

    /// <summary>The provider's own message (its SDK puts the status and error text there), without the stack.</summary>
    private static string Describe(Exception exception)
    {
        var message = exception.GetBaseException().Message.ReplaceLineEndings(" ").Trim();
        return message.Length > 500 ? message[..500] + "…" : message;
    }
}
