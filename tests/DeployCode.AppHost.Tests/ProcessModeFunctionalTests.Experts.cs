using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Aspire.Hosting.Testing;
using DeployCode.Testing;
using Npgsql;

namespace DeployCode.AppHost.Tests;

// circle-of-experts on the shared platform, through the gateway, with its experts pointed at local fakes of the
// OpenAI and Anthropic APIs (the fixture's settings; never the default configuration).
public sealed partial class ProcessModeFunctionalTests
{
    private static readonly TimeSpan s_queryTimeout = TimeSpan.FromSeconds(60);
    private static readonly string[] s_gemini = ["gemini"];
    private static readonly string[] s_anthropic = ["anthropic"];
    private static readonly string[] s_openai = ["openai"];

    [Fact]
    public async Task TheCircleListsItsExpertsWithWhetherEachCanBeAsked()
    {
        var tokens = await Identity.SignInAsync(await Identity.NewUserAsync("viewer", Cancellation), Cancellation);

        var experts = await GetJsonAsync("/experts", tokens.AccessToken);

        var byName = experts.EnumerateArray().ToDictionary(expert => expert.GetProperty("name").GetString()!);
        Assert.Equal(["anthropic", "failing", "local", "openai", "slow"], byName.Keys.Order());
        Assert.Equal("anthropic", byName["anthropic"].GetProperty("provider").GetString());
        Assert.Equal("openai-compatible", byName["local"].GetProperty("provider").GetString());
        Assert.All(byName.Values, expert => Assert.True(expert.GetProperty("available").GetBoolean(), expert.GetProperty("reason").GetString()));
        Assert.True(byName["openai"].GetProperty("priced").GetBoolean());
        Assert.DoesNotContain(FakeAiProviders.OpenAIKey, experts.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AQuestionIsAnsweredByEveryExpertAtOnceCombinedStoredAndAnIdenticalOneComesFromTheCache()
    {
        var tokens = await Identity.SignInAsync(await Identity.NewUserAsync("viewer", Cancellation), Cancellation);
        var question = $"What is the capital of France? ({Guid.NewGuid():N})";

        using var submitted = await Identity.Client.SendAsync(PlatformIdentity.Request(HttpMethod.Post, "/experts/queries", tokens.AccessToken, new { question }), Cancellation);
        Assert.Equal(HttpStatusCode.Accepted, submitted.StatusCode);
        var id = (await submitted.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("id").GetString()!;
        Assert.Equal($"/experts/queries/{id}", submitted.Headers.Location?.OriginalString);

        var query = await WhenAnsweredAsync(id, tokens.AccessToken);
        TestContext.Current.SendDiagnosticMessage($"five experts (one cut at its 2 s timeout): answered in {(query.GetProperty("completedAt").GetDateTimeOffset() - query.GetProperty("createdAt").GetDateTimeOffset()).TotalMilliseconds:0} ms");

        Assert.Equal("completed", query.GetProperty("status").GetString());
        Assert.False(query.GetProperty("cached").GetBoolean());
        var answers = query.GetProperty("answers").EnumerateArray().ToDictionary(answer => answer.GetProperty("expert").GetString()!);
        Assert.Equal(FakeAiProviders.Answers["openai"], answers["openai"].GetProperty("text").GetString());
        Assert.Equal(FakeAiProviders.Answers["anthropic"], answers["anthropic"].GetProperty("text").GetString());
        Assert.Equal(FakeAiProviders.Answers["compatible"], answers["local"].GetProperty("text").GetString());
        // The slow expert gave up at its own 2 s timeout and the failing one said why; neither held the others.
        Assert.Equal("timed-out", answers["slow"].GetProperty("status").GetString());
        Assert.Equal("failed", answers["failing"].GetProperty("status").GetString());
        Assert.Contains("overloaded", answers["failing"].GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal(FakeAiProviders.Usage.Output, answers["anthropic"].GetProperty("outputTokens").GetInt32());
        Assert.True(answers["openai"].GetProperty("latencyMs").GetInt64() >= 0);
        Assert.Equal(0.00036m, answers["openai"].GetProperty("costUsd").GetDecimal());
        Assert.True(answers["anthropic"].GetProperty("agreement").GetDouble() > answers["local"].GetProperty("agreement").GetDouble());

        var consensus = query.GetProperty("consensus");
        Assert.True(consensus.GetProperty("expert").GetString() is "openai" or "anthropic", consensus.GetRawText());
        Assert.Equal(["anthropic", "openai"], consensus.GetProperty("supportedBy").EnumerateArray().Select(name => name.GetString()).Order());
        Assert.Equal(3, query.GetProperty("totals").GetProperty("answered").GetInt32());
        Assert.Equal(0.00036m, query.GetProperty("totals").GetProperty("costUsd").GetDecimal());

        // Stored in PostgreSQL, where every replica and the next start find it.
        await using (var database = new NpgsqlConnection(await platform.App.GetConnectionStringAsync("codedb", Cancellation)))
        {
            await database.OpenAsync(Cancellation);
            await using var stored = new NpgsqlCommand("select status, jsonb_array_length(answers) from experts.queries where id = $1", database) { Parameters = { new() { Value = Guid.Parse(id) } } };
            await using var row = await stored.ExecuteReaderAsync(Cancellation);
            Assert.True(await row.ReadAsync(Cancellation));
            Assert.Equal(("completed", 5), (row.GetString(0), row.GetInt32(1)));
        }

        // The same question (other spacing and case) is answered from Redis at once, without asking anyone.
        var completions = Ai.CompletionsOf("openai");
        var asked = System.Diagnostics.Stopwatch.GetTimestamp();
        using var again = await Identity.Client.SendAsync(PlatformIdentity.Request(HttpMethod.Post, "/experts/queries", tokens.AccessToken, new { question = "  " + question.ToUpperInvariant() }), Cancellation);
        var repeated = await again.Content.ReadFromJsonAsync<JsonElement>(Cancellation);
        Assert.Equal(HttpStatusCode.Accepted, again.StatusCode);
        Assert.Equal("completed", repeated.GetProperty("status").GetString());
        Assert.True(repeated.GetProperty("cached").GetBoolean());
        TestContext.Current.SendDiagnosticMessage($"the same question from the cache, through the gateway: {System.Diagnostics.Stopwatch.GetElapsedTime(asked).TotalMilliseconds:0} ms");
        Assert.Equal(consensus.GetProperty("answer").GetString(), repeated.GetProperty("consensus").GetProperty("answer").GetString());
        Assert.Equal(completions, Ai.CompletionsOf("openai"));
        using var refreshed = await Identity.Client.SendAsync(PlatformIdentity.Request(HttpMethod.Post, "/experts/queries", tokens.AccessToken, new { question, refresh = true }), Cancellation);
        var fresh = await refreshed.Content.ReadFromJsonAsync<JsonElement>(Cancellation);
        Assert.False(fresh.GetProperty("cached").GetBoolean());
        await WhenAnsweredAsync(fresh.GetProperty("id").GetString()!, tokens.AccessToken);
        Assert.Equal(completions + 1, Ai.CompletionsOf("openai"));

        // Past queries are listed for their owner, and nobody else sees them.
        var listed = await GetJsonAsync("/experts/queries?limit=5", tokens.AccessToken);
        Assert.Contains(id, listed.EnumerateArray().Select(item => item.GetProperty("id").GetString()));
        var other = await Identity.SignInAsync(await Identity.NewUserAsync("viewer", Cancellation), Cancellation);
        Assert.Equal(HttpStatusCode.NotFound, await Identity.StatusAsync(HttpMethod.Get, $"/experts/queries/{id}", other.AccessToken, Cancellation));
        Assert.DoesNotContain(id, (await GetJsonAsync("/experts/queries", other.AccessToken)).EnumerateArray().Select(item => item.GetProperty("id").GetString()));
    }

    [Fact]
    public async Task AQuestionNamingExpertsAsksOnlyThoseAndBadQueriesAreRefusedNamingTheField()
    {
        var tokens = await Identity.SignInAsync(await Identity.NewUserAsync("viewer", Cancellation), Cancellation);

        using var empty = await Identity.Client.SendAsync(PlatformIdentity.Request(HttpMethod.Post, "/experts/queries", tokens.AccessToken, new { question = " " }), Cancellation);
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        Assert.True((await empty.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("errors").TryGetProperty("question", out _));
        using var unknown = await Identity.Client.SendAsync(PlatformIdentity.Request(HttpMethod.Post, "/experts/queries", tokens.AccessToken, new { question = "Hi?", experts = s_gemini }), Cancellation);
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Contains("No expert is called 'gemini'", (await unknown.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("errors").GetProperty("experts")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, await Identity.StatusAsync(HttpMethod.Post, "/experts/queries", null, Cancellation, new { question = "Hi?" }));
        using var notJson = PlatformIdentity.Request(HttpMethod.Post, "/experts/queries", tokens.AccessToken);
        notJson.Content = new StringContent("{\"question\": ", System.Text.Encoding.UTF8, "application/json");
        using var garbled = await Identity.Client.SendAsync(notJson, Cancellation);
        Assert.Equal(HttpStatusCode.BadRequest, garbled.StatusCode);
        Assert.StartsWith("The body is not the JSON expected", (await garbled.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("errors").GetProperty("body")[0].GetString(), StringComparison.Ordinal);

        using var submitted = await Identity.Client.SendAsync(PlatformIdentity.Request(HttpMethod.Post, "/experts/queries", tokens.AccessToken, new { question = $"Which city? {Guid.NewGuid():N}", experts = s_anthropic }), Cancellation);
        var query = await WhenAnsweredAsync((await submitted.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("id").GetString()!, tokens.AccessToken);
        var answer = Assert.Single(query.GetProperty("answers").EnumerateArray());
        Assert.Equal("anthropic", answer.GetProperty("expert").GetString());
        Assert.Equal("anthropic", query.GetProperty("consensus").GetProperty("expert").GetString());
        Assert.Equal(1, query.GetProperty("consensus").GetProperty("agreement").GetDouble());
    }

    [Fact]
    public async Task ExpertCallsAreMeteredAndTheirCostFiresTheHourlyCostAlert()
    {
        var tokens = await Identity.SignInAsync(await Identity.NewUserAsync("viewer", Cancellation), Cancellation);
        using var submitted = await Identity.Client.SendAsync(PlatformIdentity.Request(HttpMethod.Post, "/experts/queries", tokens.AccessToken, new { question = $"How much? {Guid.NewGuid():N}", experts = s_openai }), Cancellation);
        await WhenAnsweredAsync((await submitted.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("id").GetString()!, tokens.AccessToken);

        using var service = new HttpClient { BaseAddress = new Uri("http://127.0.0.1:8080/") };
        var metrics = (await service.GetStringAsync(new Uri("/metrics", UriKind.Relative), Cancellation)).Split('\n');
        var cost = metrics.Single(line => line.StartsWith("deploycode_experts_cost_usd_total{", StringComparison.Ordinal) && line.Contains("expert=\"openai\"", StringComparison.Ordinal));
        Assert.True(double.Parse(cost[(cost.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture) >= 0.00036, cost);
        // The OpenTelemetry GenAI metrics of each call, beside the circle's own.
        Assert.Contains(metrics, line => line.StartsWith("gen_ai_client_token_usage_bucket{", StringComparison.Ordinal));
        Assert.Contains(metrics, line => line.StartsWith("deploycode_experts_latency_seconds_bucket{", StringComparison.Ordinal));

        // The fixture sets the hourly limit below one priced answer: Prometheus fires the alert once it has scraped.
        using var prometheus = platform.App.CreateHttpClient("prometheus");
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        while (true)
        {
            var alerts = await prometheus.GetStringAsync(new Uri("/api/v1/alerts", UriKind.Relative), Cancellation);
            if (JsonDocument.Parse(alerts).RootElement.GetProperty("data").GetProperty("alerts").EnumerateArray()
                .Any(alert => alert.GetProperty("labels").GetProperty("alertname").GetString() == "AiCostAboveHourlyLimit" && alert.GetProperty("state").GetString() == "firing"))
            {
                break;
            }

            if (DateTime.UtcNow > deadline)
            {
                // What Prometheus holds, to tell a missing series from a rule that does not fire.
                var series = await prometheus.GetStringAsync(new Uri("/api/v1/query?query=deploycode_experts_cost_usd_total", UriKind.Relative), Cancellation);
                var increase = await prometheus.GetStringAsync(new Uri("/api/v1/query?query=sum(increase(deploycode_experts_cost_usd_total%5B1h%5D))", UriKind.Relative), Cancellation);
                Assert.Fail($"AiCostAboveHourlyLimit did not fire within 90 s. Alerts: {alerts} Series: {series} Increase: {increase}");
            }

            await Task.Delay(1000, Cancellation);
        }
    }

    private FakeAiProviders Ai => platform.Ai;

    private async Task<JsonElement> GetJsonAsync(string path, string accessToken)
    {
        using var response = await Identity.Client.SendAsync(PlatformIdentity.Request(HttpMethod.Get, path, accessToken), Cancellation);
        Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(Cancellation)}");
        return await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation);
    }

    /// <summary>Follows a query until it is no longer pending.</summary>
    private async Task<JsonElement> WhenAnsweredAsync(string id, string accessToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(Cancellation);
        deadline.CancelAfter(s_queryTimeout);
        while (true)
        {
            var query = await GetJsonAsync($"/experts/queries/{id}", accessToken);
            if (query.GetProperty("status").GetString() != "pending")
            {
                return query;
            }

            await Task.Delay(200, deadline.Token);
        }
    }
}
