using DeployCode.Orchestrator.Configuration;
using Microsoft.Extensions.Configuration;

namespace DeployCode.Orchestrator.Tests;

public sealed class ExpertSettingsTests
{
    private const string SecretKey = "sk-test-3f9a7c1e5b";

    [Fact]
    public void AnExpertIsKnownByItsLowerCaseNameAndTheServiceIsToldOnlyWhatWasConfigured()
    {
        var settings = Read(("Experts:OpenAI:Provider", "OpenAI"), ("Experts:OpenAI:Model", "gpt-4o-mini"));

        Assert.Empty(settings.Problems);
        var expert = Assert.Single(settings.Experts.Values);
        Assert.Equal("openai", expert.Name);
        Assert.Equal("openai-api-key", expert.ApiKeyParameterName);
        Assert.False(expert.HasApiKey);
        Assert.Equal(
            new Dictionary<string, string> { ["Experts__openai__Model"] = "gpt-4o-mini", ["Experts__openai__Provider"] = "openai" },
            expert.Environment());
    }

    [Fact]
    public void EverySettingReachesTheServiceButTheApiKeyNeverDoesThroughTheSettings()
    {
        var settings = Read(
            ("Experts:local:Provider", "openai-compatible"),
            ("Experts:local:Model", "llama3.1"),
            ("Experts:local:BaseUrl", "http://localhost:11434/v1"),
            ("Experts:local:ApiKey", SecretKey),
            ("Experts:local:Weight", "2.5"),
            ("Experts:local:TimeoutSeconds", "120"),
            ("Experts:local:InputPricePerMillionTokens", "0.15"),
            ("Experts:local:OutputPricePerMillionTokens", "0"));

        Assert.Empty(settings.Problems);
        var expert = settings.Experts["local"];
        Assert.True(expert.HasApiKey);
        Assert.Equal(
            new Dictionary<string, string>
            {
                ["Experts__local__BaseUrl"] = "http://localhost:11434/v1",
                ["Experts__local__InputPricePerMillionTokens"] = "0.15",
                ["Experts__local__Model"] = "llama3.1",
                ["Experts__local__OutputPricePerMillionTokens"] = "0",
                ["Experts__local__Provider"] = "openai-compatible",
                ["Experts__local__TimeoutSeconds"] = "120",
                ["Experts__local__Weight"] = "2.5",
            },
            expert.Environment());
        Assert.DoesNotContain(SecretKey, expert.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void EveryUnusableExpertValueIsReportedAtOnceNamingItsFieldAndNeverTheKey()
    {
        var settings = Read(
            ("Experts:a:Model", "gpt-4o-mini"),
            ("Experts:a:ApiKey", SecretKey),
            ("Experts:b:Provider", "azure"),
            ("Experts:b:Model", " "),
            ("Experts:c:Provider", "openai-compatible"),
            ("Experts:c:Model", "llama3.1"),
            ("Experts:d:Provider", "anthropic"),
            ("Experts:d:Model", "claude-3-5-haiku-latest"),
            ("Experts:d:BaseUrl", "api.anthropic.com"),
            ("Experts:d:Weight", "0"),
            ("Experts:d:TimeoutSeconds", "1.5"),
            ("Experts:e:Provider", "openai"),
            ("Experts:e:Model", "gpt-4o"),
            ("Experts:e:BaseUrl", "ftp://example.com"),
            ("Experts:e:Weight", "101"),
            ("Experts:e:TimeoutSeconds", "601"),
            ("Experts:e:InputPricePerMillionTokens", "-1"),
            ("Experts:e:OutputPricePerMillionTokens", "cheap"),
            ("Experts:e:Temperature", "0.2"));

        string[] expected =
            [
                "DeployCode:Experts:a:Provider",
                "DeployCode:Experts:b:Model", "DeployCode:Experts:b:Provider",
                "DeployCode:Experts:c:BaseUrl",
                "DeployCode:Experts:d:BaseUrl", "DeployCode:Experts:d:TimeoutSeconds", "DeployCode:Experts:d:Weight",
                "DeployCode:Experts:e:BaseUrl", "DeployCode:Experts:e:InputPricePerMillionTokens", "DeployCode:Experts:e:OutputPricePerMillionTokens",
                "DeployCode:Experts:e:Temperature", "DeployCode:Experts:e:TimeoutSeconds", "DeployCode:Experts:e:Weight",
            ];
        Assert.Equal(expected, settings.Problems.Select(problem => problem.Path).Order(StringComparer.Ordinal));
        Assert.All(settings.Problems, problem => Assert.DoesNotContain(SecretKey, problem.ToString(), StringComparison.Ordinal));
        Assert.Contains(settings.Problems, problem => problem.Path.EndsWith(":b:Provider", StringComparison.Ordinal) && problem.Fix.Contains("openai, anthropic, openai-compatible", StringComparison.Ordinal));
        Assert.Contains(settings.Problems, problem => problem.Path.EndsWith(":c:BaseUrl", StringComparison.Ordinal) && problem.Fix.Contains("http://localhost:11434/v1", StringComparison.Ordinal));
        Assert.Contains(settings.Problems, problem => problem.Path.EndsWith(":d:Weight", StringComparison.Ordinal) && problem.Fix.Contains("above 0 and at most 100", StringComparison.Ordinal));
        Assert.Contains(settings.Problems, problem => problem.Path.EndsWith(":e:TimeoutSeconds", StringComparison.Ordinal) && problem.Fix.Contains("from 1 to 600", StringComparison.Ordinal));
        Assert.Contains(settings.Problems, problem => problem.Path.EndsWith(":e:Temperature", StringComparison.Ordinal) && problem.Fix.Contains("Provider, Model, BaseUrl, ApiKey, Weight, TimeoutSeconds", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("my_expert")]
    [InlineData("9lives")]
    [InlineData("two--hyphens")]
    [InlineData("trailing-")]
    [InlineData("a-name-far-too-long-to-name-a-parameter-x")]
    public void ANameThatCannotNameAParameterIsRefusedAndTheExpertLeftOut(string name)
    {
        var settings = Read(($"Experts:{name}:Provider", "openai"), ($"Experts:{name}:Model", "gpt-4o-mini"));

        var problem = Assert.Single(settings.Problems);
        Assert.Equal($"DeployCode:Experts:{name}", problem.Path);
        Assert.Contains("letters, digits and single hyphens", problem.Fix, StringComparison.Ordinal);
        Assert.Empty(settings.Experts);
    }

    [Fact]
    public void ASingleValueIsNotAnExpert()
    {
        var settings = Read(("Experts:local", "ollama"));

        var problem = Assert.Single(settings.Problems);
        Assert.Equal("DeployCode:Experts:local", problem.Path);
        Assert.Contains("DeployCode:Experts:local:Provider", problem.Fix, StringComparison.Ordinal);
        Assert.Empty(settings.Experts);
    }

    [Fact]
    public void TheAiCostLimitIsTenUsdAnHourUnlessConfigured()
    {
        Assert.Equal(10, Read().AiCostPerHourUsd);
        Assert.Equal(2.5, Read(("Alerts:AiCostPerHourUsd", "2.5")).AiCostPerHourUsd);
    }

    [Theory]
    [InlineData("AiCostPerHourUsd", "0", "DeployCode:Alerts:AiCostPerHourUsd")]
    [InlineData("AiCostPerHourUsd", "ten", "DeployCode:Alerts:AiCostPerHourUsd")]
    [InlineData("AiCostPerHour", "10", "DeployCode:Alerts:AiCostPerHour")]
    public void AnUnusableAlertSettingIsReportedWithItsPath(string key, string value, string path)
    {
        var settings = Read(($"Alerts:{key}", value));

        var problem = Assert.Single(settings.Problems);
        Assert.Equal(path, problem.Path);
        Assert.Contains("AiCostPerHourUsd", problem.ToString(), StringComparison.Ordinal);
        Assert.Equal(10, settings.AiCostPerHourUsd);
    }

    private static DeployCodeSettings Read(params (string Key, string Value)[] values)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(values.Select(value => new KeyValuePair<string, string?>($"DeployCode:{value.Key}", value.Value)))
            .Build();
        return DeployCodeSettings.Read(configuration.GetSection("DeployCode"));
    }
}
