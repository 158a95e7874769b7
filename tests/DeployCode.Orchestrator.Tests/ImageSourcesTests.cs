using DeployCode.Orchestrator.Configuration;
using Microsoft.Extensions.Configuration;

namespace DeployCode.Orchestrator.Tests;

public sealed class ImageSourcesTests
{
    private static readonly ImageReference s_postgres = new("docker.io", "library/postgres", "17.6");
    private static readonly ImageReference s_prometheus = new(null, "prom/prometheus", "v3.5.0");

    [Fact]
    public void WithNothingConfiguredEveryImageIsItsOwn()
    {
        var images = Read();

        Assert.Same(ImageSources.None, images.Sources);
        Assert.Equal(s_postgres, images.Sources.Resolve("postgresql", s_postgres));
    }

    [Fact]
    public void AMirrorStandsInForEveryRegistryAndKeepsTheRepositoryPath()
    {
        var images = Read(("Images:Registry", "registry.example.internal/mirror"));

        Assert.Empty(images.Problems);
        Assert.Equal("registry.example.internal/mirror/library/postgres:17.6", images.Sources.Resolve("postgresql", s_postgres).ToString());
        Assert.Equal("registry.example.internal/mirror/prom/prometheus:v3.5.0", images.Sources.Resolve("prometheus", s_prometheus).ToString());
        Assert.Equal("localhost:5000/library/busybox:1.37", Read(("Images:Registry", "localhost:5000")).Sources.Resolve("wait", new(null, "busybox", "1.37")).ToString());
    }

    [Fact]
    public void AnotherRegistrysImageKeepsThatRegistrysNameBehindTheMirror()
    {
        var images = Read(("Images:Registry", "mirror.internal"));

        Assert.Equal("mirror.internal/quay.io/prometheus/prometheus:v3.5.0", images.Sources.Resolve("prometheus", new("quay.io", "prometheus/prometheus", "v3.5.0")).ToString());
    }

    [Fact]
    public void AComponentsOwnImageWinsOverTheMirror()
    {
        var images = Read(("Images:Registry", "mirror.internal"), ("Services:prometheus:Image", "quay.io/prometheus/prometheus:v3.5.0"));

        Assert.Equal(new ImageReference("quay.io", "prometheus/prometheus", "v3.5.0"), images.Sources.Resolve("prometheus", s_prometheus));
        Assert.Equal("mirror.internal/library/postgres:17.6", images.Sources.Resolve("postgresql", s_postgres).ToString());
    }

    [Theory]
    [InlineData("grafana/grafana:12.1.1", null, "grafana/grafana", "12.1.1", null)]
    [InlineData("localhost:5000/grafana:12.1.1", "localhost:5000", "grafana", "12.1.1", null)]
    [InlineData("registry.example.internal/mirror/grafana/grafana:12.1.1", "registry.example.internal", "mirror/grafana/grafana", "12.1.1", null)]
    [InlineData("postgres@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", null, "postgres", null, "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")]
    [InlineData("Registry.Example:5000/postgres:17.6@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", "Registry.Example:5000", "postgres", "17.6", "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")]
    public void AFullReferenceIsSplitAsTheEnginesSplitIt(string reference, string? registry, string repository, string? tag, string? digest)
    {
        var parsed = ImageReference.Parse(reference);

        Assert.Equal(new ImageReference(registry, repository, tag, digest), parsed);
        Assert.Equal(reference, parsed.ToString());
    }

    [Theory]
    [InlineData("Images:Registry", "https://registry.example.internal", "DeployCode:Images:Registry", "without a scheme")]
    [InlineData("Images:Registry", "registry.example.internal/", "DeployCode:Images:Registry", "without a scheme")]
    [InlineData("Images:Registry", "mirror", "DeployCode:Images:Registry", "with a dot or a port, or localhost")]
    [InlineData("Images:Mirror", "registry.example.internal", "DeployCode:Images:Mirror", "use Registry")]
    [InlineData("Services:grafana:Image", "grafana/grafana", "DeployCode:Services:grafana:Image", "repository:tag")]
    [InlineData("Services:grafana:Image", "Grafana/Grafana:12.1.1", "DeployCode:Services:grafana:Image", "in lower case")]
    [InlineData("Services:grafana:Image", "grafana/grafana:12.1.1 --privileged", "DeployCode:Services:grafana:Image", "repository:tag")]
    public void AnUnusableImageSettingIsReportedWithItsPathAndFix(string key, string value, string path, string fix)
    {
        var images = Read((key, value));

        var problem = Assert.Single(images.Problems);
        Assert.Equal(path, problem.Path);
        Assert.Contains(fix, problem.Fix, StringComparison.Ordinal);
        Assert.Same(ImageSources.None, images.Sources);
    }

    [Fact]
    public void ImagesAreFixedForTheRun()
    {
        Assert.True(SettingsChange.IsFixedForTheRun("DeployCode:Images:Registry"));
        Assert.True(SettingsChange.IsFixedForTheRun("DeployCode:Services:grafana:Image"));
    }

    private static (ImageSources Sources, IReadOnlyList<ConfigurationProblem> Problems) Read(params (string Key, string Value)[] values)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(values.Select(value => new KeyValuePair<string, string?>($"DeployCode:{value.Key}", value.Value)))
            .Build();
        var settings = DeployCodeSettings.Read(configuration.GetSection("DeployCode"));
        return (settings.Images, settings.Problems);
    }
}
