using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using DeployCode.Orchestrator.Runtime;

namespace DeployCode.AppHost.Tests;

/// <summary>Where the model's container images come from, and the images <c>./deploy-code images</c> builds for it.</summary>
public sealed class ContainerImagesTests
{
    private static readonly string s_imagesFolder = Path.Combine(Path.GetDirectoryName(Projects.DeployCode_AppHost.ProjectPath)!, "images");

    [Fact]
    public async Task EveryContainerImageIsEitherBuiltHereUnderTheModelsReferenceOrNamedAsNotBuilt()
    {
        await using var builder = await AppHostModel.CreateAsync("DeployCode:Runtime=container");
        var references = builder.Resources.OfType<ContainerResource>().Select(container => Normalized(ContainerImages.Reference(container)!)).Order(StringComparer.Ordinal).ToArray();

        var built = Directory.GetDirectories(s_imagesFolder).Select(folder => Path.Combine(folder, "reference")).Where(File.Exists)
            .Select(file => File.ReadAllText(file).Trim());
        var notBuilt = File.ReadLines(Path.Combine(s_imagesFolder, "not-built")).Where(line => line.Length > 0 && !line.StartsWith('#'));

        Assert.Equal(references, built.Concat(notBuilt).Order(StringComparer.Ordinal));
        Assert.Equal(["grafana/grafana:12.1.1", "jaegertracing/jaeger:2.10.0"], notBuilt.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task EveryServiceIsBuiltHereUnderTheNameTheArtifactsGiveIt()
    {
        await using var builder = await AppHostModel.CreateAsync("DeployCode:Runtime=container");
        var defaults = new DeployCode.Orchestrator.Configuration.PublishingOptions();
        var expected = builder.Resources.OfType<ProjectResource>().Where(project => !project.HasAnnotationOfType<PlatformReplicaAnnotation>())
            .Select(project => (project.Name, Folder: Path.GetDirectoryName(project.GetProjectMetadata().ProjectPath)!, Reference: $"{defaults.Registry}/{project.Name}:{defaults.Tag}"))
            .OrderBy(entry => entry.Name, StringComparer.Ordinal);

        var listed = Services().Select(entry => (entry.Name, Folder: Path.GetFullPath(Path.Combine(s_imagesFolder, "..", entry.Project)), entry.Reference))
            .OrderBy(entry => entry.Name, StringComparer.Ordinal);

        Assert.Equal(expected, listed);
    }

    [Fact]
    public async Task TheServiceImagesBuiltHereRunAsAnUnprivilegedUser()
    {
        // ./deploy-code test builds them (images/build-services) before the tests run.
        foreach (var (name, _, reference) in Services())
        {
            var user = await ContainerEngine.DockerAsync(TestContext.Current.CancellationToken, "image", "inspect", "--format", "{{.Config.User}}", reference);
            Assert.True(user == "1654", $"{name} ({reference}) runs as '{user}', not the app account 1654");
        }
    }

    [Fact]
    public async Task AMirrorGivesEveryContainerItsImageFromThereWithTheSameRepositoryPath()
    {
        await using var builder = await AppHostModel.CreateAsync("DeployCode:Runtime=container", "DeployCode:Images:Registry=registry.example.internal/mirror");

        Assert.Equal("registry.example.internal/mirror/library/postgres:17.6", ContainerImages.Reference(builder.Get("postgresql")));
        Assert.Equal("registry.example.internal/mirror/library/redis:8.2", ContainerImages.Reference(builder.Get("redis")));
        Assert.Equal("registry.example.internal/mirror/prom/prometheus:v3.5.0", ContainerImages.Reference(builder.Get("prometheus")));
        Assert.Equal("registry.example.internal/mirror/grafana/grafana:12.1.1", ContainerImages.Reference(builder.Get("grafana")));
    }

    [Fact]
    public async Task AComponentsOwnImageIsTheOneItRuns()
    {
        await using var builder = await AppHostModel.CreateAsync("DeployCode:Runtime=container", "DeployCode:Images:Registry=mirror.internal",
            "DeployCode:Services:jaeger:Image=registry.example.internal/tracing/jaeger:2.10.0");

        Assert.Equal("registry.example.internal/tracing/jaeger:2.10.0", ContainerImages.Reference(builder.Get("jaeger")));
        Assert.Equal("mirror.internal/library/postgres:17.6", ContainerImages.Reference(builder.Get("postgresql")));
    }

    [Fact]
    public async Task AnImageSettingThatIsNoReferenceIsAProblemNamingTheSettingAndTheFix()
    {
        await using var builder = await AppHostModel.CreateAsync("DeployCode:Runtime=container", "DeployCode:Services:grafana:Image=grafana");
        var problems = builder.Resources.OfType<OrchestratorResource>().Single().Settings.Problems;

        Assert.Contains(problems, problem => problem.Path == "DeployCode:Services:grafana:Image" && problem.Fix.Contains("repository:tag", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("prometheus", true)]
    [InlineData("grafana", true)]
    [InlineData("jaeger", true)]
    [InlineData("postgresql", false)]
    [InlineData("auth-service", false)]
    public async Task MonitoringIsOptionalAndTheRestIsRequired(string name, bool optional)
    {
        await using var builder = await AppHostModel.CreateAsync("DeployCode:Runtime=container");

        Assert.Equal(optional, builder.Get(name).IsOptionalPlatformComponent());
    }

    [Fact]
    public async Task GrafanaRunIsProvisionedAsPublishedWithASecretAdminPassword()
    {
        await using var builder = await AppHostModel.CreateAsync("DeployCode:Runtime=container");
        var grafana = builder.Get("grafana");
        var files = grafana.Annotations.OfType<PlatformFileAnnotation>().ToArray();
        var mounts = grafana.Annotations.OfType<ContainerMountAnnotation>().Where(mount => mount.Type == ContainerMountType.BindMount).ToArray();

        Assert.Equal(["code-platform-overview.json", "dashboards.yml", "datasources.yml", "resource-usage.json", "service-health.json"], files.Select(file => file.FileName).Order(StringComparer.Ordinal));
        foreach (var file in files)
        {
            Assert.Contains(mounts, mount => mount.Target == file.Target && mount.IsReadOnly && mount.Source!.EndsWith($"/grafana/files/{file.FileName}", StringComparison.Ordinal));
        }

        var model = new DistributedApplicationModel(builder.Resources);
        var dataSources = files.Single(file => file.FileName == "datasources.yml").Content(model);
        Assert.Contains("url: http://prometheus:9090", dataSources, StringComparison.Ordinal);
        Assert.Contains("url: http://jaeger:16686", dataSources, StringComparison.Ordinal);

        var environment = await grafana.PublishedEnvironmentAsync();
        Assert.Equal("{grafana-admin-password.value}", environment["GF_SECURITY_ADMIN_PASSWORD"]);
        Assert.True(Assert.IsType<ParameterResource>(builder.Get("grafana-admin-password")).Secret);
    }

    private static IEnumerable<(string Name, string Project, string Reference)> Services() =>
        File.ReadLines(Path.Combine(s_imagesFolder, "services")).Where(line => line.Length > 0 && !line.StartsWith('#'))
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Select(parts => (parts[0], parts[1], parts[2]));

    // Docker Hub's official images are named without registry and library/ by the engine.
    private static string Normalized(string reference) =>
        reference.StartsWith("docker.io/library/", StringComparison.Ordinal) ? reference["docker.io/library/".Length..] : reference;
}
