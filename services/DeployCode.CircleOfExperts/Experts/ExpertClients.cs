using System.ClientModel;
using System.ClientModel.Primitives;
using Anthropic;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;
using OpenAI;
using DeployCode.Contracts;

namespace DeployCode.CircleOfExperts.Experts;

/// <summary>
/// One <see cref="IChatClient"/> per expert, through the provider's official SDK, traced and metered with the
/// OpenTelemetry GenAI conventions. The SDKs' own retries are off: a slow or failing expert is the circuit
/// breaker's business, and a retry would only hold the answer longer.
/// </summary>
internal sealed class ExpertClients : IDisposable
{
    /// <summary>The activity source and meter of the GenAI spans and metrics.</summary>
    public const string TelemetrySource = "DeployCode.CircleOfExperts.GenAI";

    private readonly Dictionary<string, IChatClient> _clients = new(StringComparer.OrdinalIgnoreCase);

    public ExpertClients(ExpertCatalog catalog, IHttpClientFactory httpClients, IOptions<CircleOptions> options, ILoggerFactory loggerFactory)
    {
        foreach (var expert in catalog.Experts)
        {
            var http = httpClients.CreateClient(HttpClientName);
            http.Timeout = Timeout.InfiniteTimeSpan;
            _clients[expert.Name] = Create(expert, http, options.Value.MaxOutputTokens)
                .AsBuilder()
                .UseOpenTelemetry(loggerFactory, TelemetrySource)
                .Build();
        }
    }

    /// <summary>The HTTP client the SDKs use (its own handler; the expert's timeout is applied per call).</summary>
    public const string HttpClientName = "experts";

    /// <summary>The chat client of <paramref name="expert"/>.</summary>
    public IChatClient For(Expert expert) => _clients[expert.Name];

    public void Dispose()
    {
        foreach (var client in _clients.Values)
        {
            client.Dispose();
        }
    }

    private static IChatClient Create(Expert expert, HttpClient http, int maxOutputTokens) => expert.Provider switch
    {
        ExpertSettingsFormat.Anthropic => new AnthropicClient(new Anthropic.Core.ClientOptions
        {
            ApiKey = expert.ApiKey ?? string.Empty,
            BaseUrl = expert.Endpoint.AbsoluteUri.TrimEnd('/'),
            HttpClient = http,
            MaxRetries = 0,
            Timeout = expert.Timeout,
        }).AsIChatClient(expert.Model, maxOutputTokens),
        _ => new OpenAI.Chat.ChatClient(
            expert.Model,
            // An OpenAI-compatible server without keys still gets one: the SDK refuses an empty credential.
            new ApiKeyCredential(expert.ApiKey ?? "none"),
            new OpenAIClientOptions
            {
                Endpoint = expert.Endpoint,
                NetworkTimeout = expert.Timeout,
                RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
                Transport = new HttpClientPipelineTransport(http),
            }).AsIChatClient(),
    };
}
