using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DeployCode.Testing;

/// <summary>
/// A local stand-in for the OpenAI and Anthropic HTTP APIs, on a free port of 127.0.0.1, with one persona per path
/// prefix so several experts can point at it: <c>/openai/v1</c> and <c>/anthropic</c> (keys required, canned answers
/// that agree), <c>/compatible/v1</c> (an OpenAI-compatible server without keys, answering differently),
/// <c>/slow/v1</c> (never answers before the caller gives up), <c>/failing/v1</c> (its models list works, every
/// completion is a 500). Every request is recorded.
/// </summary>
public sealed class FakeAiProviders : IAsyncDisposable
{
    /// <summary>The key the <c>openai</c> persona takes.</summary>
    public const string OpenAIKey = "sk-fake-openai-key";

    /// <summary>The key the <c>anthropic</c> persona takes.</summary>
    public const string AnthropicKey = "sk-ant-fake-anthropic-key";

    /// <summary>The canned answers, by persona.</summary>
    public static IReadOnlyDictionary<string, string> Answers { get; } = new Dictionary<string, string>
    {
        ["openai"] = "The capital of France is Paris, its largest city, on the Seine.",
        ["anthropic"] = "Paris is the capital of France and its largest city.",
        ["compatible"] = "Lyon, though many would say the answer is a matter of cuisine rather than government.",
    };

    /// <summary>Tokens each persona reports: prompt, answer.</summary>
    public static (int Input, int Output) Usage { get; } = (1200, 300);

    private readonly WebApplication _app;

    private FakeAiProviders(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    /// <summary>The fake's root address.</summary>
    public Uri Address { get; }

    /// <summary>Every request: persona, method, path, the credential header, body.</summary>
    public ConcurrentQueue<(string Persona, string Method, string Path, string? Credential, string Body)> Requests { get; } = new();

    /// <summary>The OpenAI-style base URL of a persona (<c>openai</c>, <c>compatible</c>, <c>slow</c>, <c>failing</c>).</summary>
    public Uri OpenAIBase(string persona) => new(Address, $"/{persona}/v1/");

    /// <summary>The Anthropic-style base URL (the SDK adds <c>/v1/messages</c>).</summary>
    public Uri AnthropicBase => new(Address, "/anthropic/");

    /// <summary>Completions asked of a persona so far.</summary>
    public int CompletionsOf(string persona) => Requests.Count(request => request.Persona == persona && request.Method == "POST");

    /// <summary>Starts the fake on a free port.</summary>
    public static async Task<FakeAiProviders> StartAsync(CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        FakeAiProviders? fake = null;
        app.Map("/{persona}/{**path}", async (HttpContext context, string persona, string? path) => await fake!.AnswerAsync(context, persona, path ?? ""));
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        fake = new FakeAiProviders(app, new Uri(address));
        return fake;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private async Task<IResult> AnswerAsync(HttpContext context, string persona, string path)
    {
        var body = await new StreamReader(context.Request.Body).ReadToEndAsync(context.RequestAborted);
        // Anthropic takes its key as x-api-key; its SDK of late sends it as a bearer token, which the API also takes.
        var credential = persona == "anthropic"
            ? (context.Request.Headers["x-api-key"].ToString() is { Length: > 0 } apiKey ? apiKey : context.Request.Headers.Authorization.ToString().Replace("Bearer ", "", StringComparison.Ordinal))
            : context.Request.Headers.Authorization.ToString();
        Requests.Enqueue((persona, context.Request.Method, path, credential, body));

        var expectedKey = persona switch
        {
            "openai" => $"Bearer {OpenAIKey}",
            "anthropic" => AnthropicKey,
            _ => null,
        };
        if (expectedKey is not null && credential != expectedKey)
        {
            return Results.Json(new { error = new { message = "Incorrect API key provided.", type = "invalid_request_error" } }, statusCode: 401);
        }

        return (persona, context.Request.Method, path) switch
        {
            ("anthropic", "GET", "v1/models") => Results.Json(new
            {
                data = new[] { new { id = "claude-fake", type = "model", display_name = "Claude (fake)", created_at = "2025-01-01T00:00:00Z" } },
                has_more = false,
                first_id = "claude-fake",
                last_id = "claude-fake",
            }),
            ("anthropic", "POST", "v1/messages") => Results.Json(AnthropicMessage(Model(body))),
            (_, "GET", "v1/models") => Results.Json(new { @object = "list", data = new[] { new { id = $"{persona}-fake", @object = "model", created = 0, owned_by = "fake" } } }),
            ("slow", "POST", "v1/chat/completions") => await NeverAsync(context.RequestAborted),
            ("failing", "POST", "v1/chat/completions") => Results.Json(new { error = new { message = "The fake model is overloaded.", type = "server_error" } }, statusCode: 500),
            (_, "POST", "v1/chat/completions") when Answers.ContainsKey(persona) => Results.Json(OpenAICompletion(persona, Model(body))),
            _ => Results.NotFound(),
        };
    }

    private static async Task<IResult> NeverAsync(CancellationToken aborted)
    {
        await Task.Delay(TimeSpan.FromMinutes(5), aborted);
        return Results.StatusCode(504);
    }

    private static string Model(string body) => JsonNode.Parse(body)?["model"]?.GetValue<string>() ?? "unknown";

    private static object OpenAICompletion(string persona, string model) => new
    {
        id = $"chatcmpl-{Guid.NewGuid():N}",
        @object = "chat.completion",
        created = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
        model,
        choices = new[] { new { index = 0, message = new { role = "assistant", content = Answers[persona] }, finish_reason = "stop" } },
        usage = new { prompt_tokens = Usage.Input, completion_tokens = Usage.Output, total_tokens = Usage.Input + Usage.Output },
    };

    private static object AnthropicMessage(string model) => new
    {
        id = $"msg_{Guid.NewGuid():N}",
        type = "message",
        role = "assistant",
        model,
        content = new[] { new { type = "text", text = Answers["anthropic"] } },
        stop_reason = "end_turn",
        stop_sequence = (string?)null,
        usage = new { input_tokens = Usage.Input, output_tokens = Usage.Output },
    };
}
