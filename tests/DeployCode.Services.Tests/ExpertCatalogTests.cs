using DeployCode.CircleOfExperts.Experts;
using DeployCode.CircleOfExperts.Queries;
using Microsoft.Extensions.Configuration;

namespace DeployCode.Services.Tests;

public sealed class ExpertCatalogTests
{
    [Fact]
    public void ExpertsAreReadWithTheirProvidersDefaults()
    {
        var catalog = Read(("Experts:gpt:Provider", "OpenAI"), ("Experts:gpt:Model", "gpt-4o-mini"),
            ("Experts:local:Provider", "openai-compatible"), ("Experts:local:Model", "llama3.1"), ("Experts:local:BaseUrl", "http://localhost:11434/v1"), ("Experts:local:Weight", "2.5"),
            ("Experts:claude:Provider", "anthropic"), ("Experts:claude:Model", "claude-3-5-haiku-latest"), ("Experts:claude:ApiKey", "sk-ant"), ("Experts:claude:TimeoutSeconds", "15"));

        var gpt = catalog.Find("GPT")!;
        Assert.Equal(("openai", new Uri("https://api.openai.com/v1/"), 1.0, TimeSpan.FromSeconds(60)), (gpt.Provider, gpt.Endpoint, gpt.Weight, gpt.Timeout));
        Assert.True(gpt.LacksKey);
        Assert.Null(gpt.Cost(1000, 1000));
        var local = catalog.Find("local")!;
        // The final slash keeps /v1 when the SDK adds chat/completions.
        Assert.Equal(new Uri("http://localhost:11434/v1/"), local.Endpoint);
        Assert.False(local.LacksKey);
        Assert.Equal(2.5, local.Weight);
        var claude = catalog.Find("claude")!;
        Assert.Equal((new Uri("https://api.anthropic.com/"), TimeSpan.FromSeconds(15), false), (claude.Endpoint, claude.Timeout, claude.LacksKey));
    }

    [Fact]
    public void NoExpertsIsAllowed() => Assert.Empty(Read().Experts);

    [Fact]
    public void EveryUnusableValueIsReportedAtOnceWithItsSettingAndFix()
    {
        var failure = Assert.Throws<InvalidOperationException>(() => Read(
            ("Experts:a:Provider", "gemini"), ("Experts:a:Model", "m"),
            ("Experts:b:Provider", "openai-compatible"), ("Experts:b:Model", "m"),
            ("Experts:c:Provider", "openai"), ("Experts:c:BaseUrl", "ftp://example.com"),
            ("Experts:d:Provider", "openai"), ("Experts:d:Model", "m"), ("Experts:d:Weight", "0"), ("Experts:d:TimeoutSeconds", "1.5"), ("Experts:d:InputPricePerMillionTokens", "-1"),
            ("Experts:e:Provider", "openai"), ("Experts:e:Model", "m"), ("Experts:e:Temperature", "0.2")));

        Assert.Contains("Experts:a:Provider is 'gemini': use openai, anthropic, openai-compatible", failure.Message, StringComparison.Ordinal);
        Assert.Contains("Experts:b:BaseUrl is missing: an openai-compatible expert needs its server's address", failure.Message, StringComparison.Ordinal);
        Assert.Contains("Experts:c:Model is missing", failure.Message, StringComparison.Ordinal);
        Assert.Contains("Experts:c:BaseUrl 'ftp://example.com' is not an http or https address", failure.Message, StringComparison.Ordinal);
        Assert.Contains("Experts:d:Weight is '0': give a number above 0 and at most 100", failure.Message, StringComparison.Ordinal);
        Assert.Contains("Experts:d:TimeoutSeconds is '1.5': give a whole number from 1 to 600", failure.Message, StringComparison.Ordinal);
        Assert.Contains("Experts:d:InputPricePerMillionTokens is '-1'", failure.Message, StringComparison.Ordinal);
        Assert.Contains("Experts:e:Temperature is not an expert setting", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ACostIsTheTokensAtTheirPricePerMillion()
    {
        var expert = Read(("Experts:x:Provider", "openai"), ("Experts:x:Model", "m"), ("Experts:x:OutputPricePerMillionTokens", "10")).Experts.Single();

        Assert.Equal(0.005m, expert.Cost(1_000_000, 500));
    }

    [Fact]
    public void TheCacheKeyFoldsSpacesAndCaseButNotTheExpertsAsked()
    {
        var catalog = Read(("Experts:a:Provider", "openai"), ("Experts:a:Model", "m"), ("Experts:b:Provider", "openai"), ("Experts:b:Model", "n"));
        var both = catalog.Experts;

        Assert.Equal(AnswerCache.Key("What is  Paris?", both), AnswerCache.Key(" what is paris? ", [.. both.Reverse()]));
        Assert.NotEqual(AnswerCache.Key("What is Paris?", both), AnswerCache.Key("What is Paris?", [both[0]]));
        Assert.NotEqual(AnswerCache.Key("What is Paris?", both), AnswerCache.Key("What is Lyon?", both));
        Assert.DoesNotContain("paris", AnswerCache.Key("What is Paris?", both), StringComparison.Ordinal);
    }

    private static ExpertCatalog Read(params (string Key, string Value)[] settings) =>
        ExpertCatalog.Read(new ConfigurationBuilder().AddInMemoryCollection(settings.Select(setting => KeyValuePair.Create(setting.Key, (string?)setting.Value))).Build());
}
