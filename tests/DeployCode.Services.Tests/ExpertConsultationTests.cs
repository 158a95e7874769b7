using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using DeployCode.CircleOfExperts;
using DeployCode.CircleOfExperts.Experts;
using DeployCode.Testing;

namespace DeployCode.Services.Tests;

/// <summary>Experts asked through the real OpenAI and Anthropic SDK clients, against local fakes of their APIs.</summary>
public sealed class ExpertConsultationTests : IAsyncLifetime
{
    private FakeAiProviders? _fake;
    private ExpertCircleParts? _parts;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    private FakeAiProviders Fake => _fake!;

    private ExpertCircleParts Parts => _parts!;

    public async ValueTask InitializeAsync()
    {
        _fake = await FakeAiProviders.StartAsync(Cancellation);
        _parts = new ExpertCircleParts(new CircleOptions { FailuresBeforeBreaking = 3, BreakDuration = TimeSpan.FromMinutes(1) },
            ("Experts:gpt:Provider", "openai"), ("Experts:gpt:Model", "gpt-4o-mini"), ("Experts:gpt:BaseUrl", Fake.OpenAIBase("openai").AbsoluteUri),
            ("Experts:gpt:ApiKey", FakeAiProviders.OpenAIKey), ("Experts:gpt:InputPricePerMillionTokens", "0.15"), ("Experts:gpt:OutputPricePerMillionTokens", "0.60"),
            ("Experts:claude:Provider", "anthropic"), ("Experts:claude:Model", "claude-3-5-haiku-latest"), ("Experts:claude:BaseUrl", Fake.AnthropicBase.AbsoluteUri),
            ("Experts:claude:ApiKey", FakeAiProviders.AnthropicKey),
            ("Experts:local:Provider", "openai-compatible"), ("Experts:local:Model", "llama3.1"), ("Experts:local:BaseUrl", Fake.OpenAIBase("compatible").AbsoluteUri.TrimEnd('/')),
            ("Experts:slow:Provider", "openai-compatible"), ("Experts:slow:Model", "slow"), ("Experts:slow:BaseUrl", Fake.OpenAIBase("slow").AbsoluteUri), ("Experts:slow:TimeoutSeconds", "1"),
            ("Experts:failing:Provider", "openai-compatible"), ("Experts:failing:Model", "failing"), ("Experts:failing:BaseUrl", Fake.OpenAIBase("failing").AbsoluteUri),
            ("Experts:nokey:Provider", "openai"), ("Experts:nokey:Model", "gpt-4o"), ("Experts:nokey:BaseUrl", Fake.OpenAIBase("openai").AbsoluteUri),
            ("Experts:wrongkey:Provider", "anthropic"), ("Experts:wrongkey:Model", "claude"), ("Experts:wrongkey:BaseUrl", Fake.AnthropicBase.AbsoluteUri), ("Experts:wrongkey:ApiKey", "sk-ant-wrong"),
            ("Experts:gone:Provider", "openai-compatible"), ("Experts:gone:Model", "m"), ("Experts:gone:BaseUrl", "http://127.0.0.1:9/v1"));
        await Parts.Availability.CheckAllAsync(Cancellation);
    }

    public async ValueTask DisposeAsync()
    {
        _parts?.Dispose();
        if (_fake is not null)
        {
            await _fake.DisposeAsync();
        }
    }

    [Fact]
    public async Task AnOpenAIExpertAnswersWithItsTokensAndTheirCost()
    {
        var answer = await Parts.Consultation.AskAsync(Parts["gpt"], "What is the capital of France?", Cancellation);

        Assert.Equal(AnswerStatuses.Answered, answer.Status);
        Assert.Equal(FakeAiProviders.Answers["openai"], answer.Text);
        Assert.Equal((FakeAiProviders.Usage.Input, FakeAiProviders.Usage.Output), ((int)answer.InputTokens, (int)answer.OutputTokens));
        // 1200 prompt tokens at $0.15 and 300 answer tokens at $0.60 per million.
        Assert.Equal(0.00036m, answer.CostUsd);
        var request = Fake.Requests.Single(request => request.Persona == "openai" && request.Method == "POST");
        Assert.Equal($"Bearer {FakeAiProviders.OpenAIKey}", request.Credential);
        var body = JsonNode.Parse(request.Body)!;
        Assert.Equal("gpt-4o-mini", body["model"]!.GetValue<string>());
        Assert.Equal("What is the capital of France?", body["messages"]!.AsArray()[^1]!["content"]!.ToString());
    }

    [Fact]
    public async Task AnAnthropicExpertAndAnOpenAICompatibleOneWithoutAKeyAnswerToo()
    {
        var claude = await Parts.Consultation.AskAsync(Parts["claude"], "What is the capital of France?", Cancellation);
        var local = await Parts.Consultation.AskAsync(Parts["local"], "What is the capital of France?", Cancellation);

        Assert.True(claude.Answered, claude.Error);
        Assert.Equal(FakeAiProviders.Answers["anthropic"], claude.Text);
        Assert.Equal(FakeAiProviders.Usage.Output, claude.OutputTokens);
        Assert.Null(claude.CostUsd);
        Assert.Equal(FakeAiProviders.AnthropicKey, Fake.Requests.First(request => request.Persona == "anthropic" && request.Method == "POST").Credential);
        Assert.True(local.Answered, local.Error);
        Assert.Equal(FakeAiProviders.Answers["compatible"], local.Text);
    }

    [Fact]
    public async Task EachCallIsAGenAISpanWithTheModelAndTokensButNotTheConversation()
    {
        var spans = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == ExpertClients.TelemetrySource,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = spans.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);

        await Parts.Consultation.AskAsync(Parts["claude"], "What is the capital of France?", Cancellation);

        var span = Assert.Single(spans, span => (span.GetTagItem("gen_ai.request.model") as string) == "claude-3-5-haiku-latest");
        Assert.Equal("chat", span.GetTagItem("gen_ai.operation.name"));
        Assert.Equal(FakeAiProviders.Usage.Input, Convert.ToInt32(span.GetTagItem("gen_ai.usage.input_tokens"), CultureInfo.InvariantCulture));
        Assert.Equal(FakeAiProviders.Usage.Output, Convert.ToInt32(span.GetTagItem("gen_ai.usage.output_tokens"), CultureInfo.InvariantCulture));
        Assert.DoesNotContain(span.TagObjects, tag => tag.Value is string text && text.Contains("capital of France", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ASlowExpertTimesOutWithoutHoldingTheOthers()
    {
        var started = Stopwatch.GetTimestamp();
        var answers = await Task.WhenAll(
            Parts.Consultation.AskAsync(Parts["slow"], "Anything?", Cancellation),
            Parts.Consultation.AskAsync(Parts["gpt"], "Anything?", Cancellation));

        Assert.Equal(AnswerStatuses.TimedOut, answers[0].Status);
        Assert.Contains("DeployCode:Experts:slow:TimeoutSeconds", answers[0].Error, StringComparison.Ordinal);
        Assert.True(answers[1].Answered);
        // The slow fake holds its answer for minutes: the caller gave up at the expert's own 1 s timeout.
        Assert.True(Stopwatch.GetElapsedTime(started) < TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task AFailingExpertSaysWhyAndItsCircuitOpensAfterRepeatedFailures()
    {
        var failing = Parts["failing"];
        for (var i = 0; i < 3; i++)
        {
            var answer = await Parts.Consultation.AskAsync(failing, "Anything?", Cancellation);
            Assert.Equal(AnswerStatuses.Failed, answer.Status);
            Assert.Contains("overloaded", answer.Error, StringComparison.Ordinal);
        }

        var calls = Fake.CompletionsOf("failing");
        var refused = await Parts.Consultation.AskAsync(failing, "Anything?", Cancellation);

        Assert.Equal(AnswerStatuses.Unavailable, refused.Status);
        Assert.Contains("circuit is open", refused.Error, StringComparison.Ordinal);
        Assert.Equal("open", Parts.Circuits.StateOf(failing));
        Assert.Equal(calls, Fake.CompletionsOf("failing"));
    }

    [Fact]
    public void ExpertsWithoutAKeyWithARefusedKeyOrUnreachableAreUnavailableAndSayWhy()
    {
        Assert.True(Parts.Availability.IsAvailable(Parts["gpt"]));
        Assert.True(Parts.Availability.IsAvailable(Parts["local"]));
        Assert.Contains("no API key: set DeployCode:Experts:nokey:ApiKey", Parts.Availability.StatusOf(Parts["nokey"]).Reason, StringComparison.Ordinal);
        Assert.Contains("refused the API key (401)", Parts.Availability.StatusOf(Parts["wrongkey"]).Reason, StringComparison.Ordinal);
        Assert.Contains("cannot be reached", Parts.Availability.StatusOf(Parts["gone"]).Reason, StringComparison.Ordinal);
        Assert.DoesNotContain(Fake.Requests, request => request.Persona == "openai" && request.Credential == "Bearer ");
    }

    [Fact]
    public async Task AnUnavailableExpertIsNotCalled()
    {
        var answer = await Parts.Consultation.AskAsync(Parts["nokey"], "Anything?", Cancellation);

        Assert.Equal(AnswerStatuses.Unavailable, answer.Status);
        Assert.Equal(0, answer.LatencyMs);
        Assert.DoesNotContain(Fake.Requests, request => request.Method == "POST" && request.Credential is "Bearer none" or "Bearer ");
    }
}
