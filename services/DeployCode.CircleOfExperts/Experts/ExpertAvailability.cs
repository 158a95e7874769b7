using System.Collections.Concurrent;
using System.Net.Http.Headers;
using DeployCode.Contracts;

namespace DeployCode.CircleOfExperts.Experts;

/// <summary>Whether an expert can be asked now, why not, and when that was found out.</summary>
internal sealed record ExpertStatus(bool Available, string Reason, DateTimeOffset CheckedAt);

/// <summary>
/// Whether each expert can be asked: it has the key its provider needs, its endpoint answers its models list, and
/// its circuit is not open. Asked at start (the flow document's "initialise experts, load models, expert ready")
/// and then every <see cref="CircleOptions.AvailabilityInterval"/>; an answer or a failure in between updates it too.
/// </summary>
internal sealed class ExpertAvailability(ExpertCatalog catalog, ExpertCircuits circuits, IHttpClientFactory httpClients, TimeProvider time, ILogger<ExpertAvailability> logger)
{
    private static readonly TimeSpan s_probeTimeout = TimeSpan.FromSeconds(5);
    private readonly ConcurrentDictionary<string, ExpertStatus> _statuses = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The expert's status; an open circuit overrides what the last probe found.</summary>
    public ExpertStatus StatusOf(Expert expert)
    {
        if (circuits.OpenUntil(expert) is { } until)
        {
            return new(false, $"its circuit is open after repeated failures; one trial call is let through at {until:O}", time.GetUtcNow());
        }

        return _statuses.GetValueOrDefault(expert.Name) ?? new(false, "not checked yet", time.GetUtcNow());
    }

    /// <summary>Whether the expert can be asked now.</summary>
    public bool IsAvailable(Expert expert) => StatusOf(expert).Available;

    /// <summary>
    /// An answer shows the expert available at once. A failure changes nothing here: one slow answer is no reason to
    /// leave an expert out, repeated ones open its circuit.
    /// </summary>
    public void Answered(Expert expert) => Set(expert, new ExpertStatus(true, "answered", time.GetUtcNow()));

    /// <summary>Asks every expert's endpoint, in parallel.</summary>
    public Task CheckAllAsync(CancellationToken cancellationToken) =>
        Task.WhenAll(catalog.Experts.Select(expert => CheckAsync(expert, cancellationToken)));

    private async Task CheckAsync(Expert expert, CancellationToken cancellationToken)
    {
        if (expert.LacksKey)
        {
            Set(expert, new(false, $"no API key: set DeployCode:Experts:{expert.Name}:ApiKey (the AppHost parameter {expert.Name.ToLowerInvariant()}-api-key)", time.GetUtcNow()));
            return;
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(s_probeTimeout);
        try
        {
            using var request = ModelsRequest(expert);
            using var response = await httpClients.CreateClient(ExpertClients.HttpClientName).SendAsync(request, deadline.Token);
            Set(expert, response.IsSuccessStatusCode
                ? new(true, $"{expert.Endpoint.Host} answers", time.GetUtcNow())
                : new(false, (int)response.StatusCode is 401 or 403
                    ? $"{expert.Endpoint.Host} refused the API key ({(int)response.StatusCode}): check DeployCode:Experts:{expert.Name}:ApiKey"
                    : $"{expert.Endpoint.Host} answered {(int)response.StatusCode} to its models list", time.GetUtcNow()));
        }
        catch (Exception exception) when (exception is HttpRequestException || (exception is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            Set(expert, new(false, exception is OperationCanceledException
                ? $"{expert.Endpoint} did not answer within {s_probeTimeout.TotalSeconds:0} s"
                : $"{expert.Endpoint} cannot be reached: {exception.Message}", time.GetUtcNow()));
        }
    }

    /// <summary>The cheapest authenticated call each provider has: its models list.</summary>
    private static HttpRequestMessage ModelsRequest(Expert expert)
    {
        if (expert.Provider == ExpertSettingsFormat.Anthropic)
        {
            var request = new HttpRequestMessage(HttpMethod.Get, new Uri(expert.Endpoint, "v1/models"));
            request.Headers.Add("x-api-key", expert.ApiKey);
            request.Headers.Add("anthropic-version", "2023-06-01");
            return request;
        }

        var openAi = new HttpRequestMessage(HttpMethod.Get, new Uri(expert.Endpoint, "models"));
        if (expert.ApiKey is not null)
        {
            openAi.Headers.Authorization = new AuthenticationHeaderValue("Bearer", expert.ApiKey);
        }

        return openAi;
    }

    private void Set(Expert expert, ExpertStatus status)
    {
        var previous = _statuses.GetValueOrDefault(expert.Name);
        _statuses[expert.Name] = status;
        if (previous?.Available != status.Available)
        {
            logger.Log(status.Available ? LogLevel.Information : LogLevel.Warning, "Expert {Expert} ({Provider} {Model}) is {State}: {Reason}",
                expert.Name, expert.Provider, expert.Model, status.Available ? "available" : "unavailable", status.Reason);
        }
    }
}

/// <summary>Asks every expert's endpoint again every <see cref="CircleOptions.AvailabilityInterval"/>.</summary>
internal sealed class ExpertAvailabilityProbe(ExpertAvailability availability, Microsoft.Extensions.Options.IOptions<CircleOptions> options, TimeProvider time) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.AvailabilityInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            await availability.CheckAllAsync(stoppingToken);
        }
    }
}
