using System.Diagnostics;
using System.Text.RegularExpressions;
using k8s;
using k8s.Models;

namespace DeployCode.AppHost.Tests;

/// <summary>
/// The published manifests as a cluster would get them: rendered by <c>kubectl kustomize</c> (the kustomization
/// generating the Secret from a <c>.env</c> made from <c>.env.example</c>), then every reference inside a pod checked
/// against what the rendering holds. No cluster runs here; this is what can be known without one.
/// </summary>
public sealed partial class KubernetesRenderedTests(PublishedArtifacts published) : IClassFixture<PublishedArtifacts>
{
    [Fact]
    public async Task EverySecretKeyAPodReadsIsOneTheKustomizationGenerates()
    {
        var objects = await RenderAsync();
        var secrets = objects.OfType<V1Secret>().ToDictionary(secret => secret.Metadata.Name, secret => secret.Data?.Keys.ToHashSet() ?? []);

        var references = Containers(objects).SelectMany(entry => (entry.Container.Env ?? []).Where(variable => variable.ValueFrom?.SecretKeyRef is not null)
            .Select(variable => (entry.Workload, entry.Container.Name, variable.ValueFrom.SecretKeyRef))).ToArray();

        Assert.NotEmpty(references);
        Assert.All(references, reference => Assert.True(
            secrets.TryGetValue(reference.SecretKeyRef.Name, out var keys) && keys.Contains(reference.SecretKeyRef.Key),
            $"{reference.Workload}/{reference.Name} reads {reference.SecretKeyRef.Name}:{reference.SecretKeyRef.Key}, which the rendering does not generate"));
    }

    [Fact]
    public async Task EveryVariableASettingEmbedsIsDefinedBeforeItInTheSameContainer()
    {
        // Kubernetes expands $(NAME) only from variables listed earlier in the container's env; otherwise the text stays as it is.
        var objects = await RenderAsync();
        var checkedAny = false;
        foreach (var (workload, container) in Containers(objects))
        {
            var defined = new HashSet<string>(StringComparer.Ordinal);
            foreach (var variable in container.Env ?? [])
            {
                foreach (Match used in Embedded().Matches(variable.Value ?? string.Empty))
                {
                    checkedAny = true;
                    Assert.True(defined.Contains(used.Groups[1].Value), $"{workload}/{container.Name}: {variable.Name} uses $({used.Groups[1].Value}), which is not defined before it");
                }

                defined.Add(variable.Name);
            }
        }

        Assert.True(checkedAny, "no setting embeds a variable: the check saw nothing");
    }

    [Fact]
    public async Task EveryConfigMapAPodMountsOrReadsIsInTheRendering()
    {
        var objects = await RenderAsync();
        var maps = objects.OfType<V1ConfigMap>().Select(map => map.Metadata.Name).ToHashSet(StringComparer.Ordinal);

        foreach (var (name, pod) in Pods(objects))
        {
            foreach (var volume in (pod.Volumes ?? []).Where(volume => volume.ConfigMap is not null))
            {
                Assert.True(maps.Contains(volume.ConfigMap.Name), $"{name} mounts config map {volume.ConfigMap.Name}, which is not rendered");
            }

            foreach (var container in pod.Containers)
            {
                foreach (var source in (container.EnvFrom ?? []).Where(source => source.ConfigMapRef is not null))
                {
                    Assert.True(maps.Contains(source.ConfigMapRef.Name), $"{name}/{container.Name} reads config map {source.ConfigMapRef.Name}, which is not rendered");
                }
            }
        }
    }

    private async Task<List<object>> RenderAsync()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var folder = Directory.CreateTempSubdirectory("deploycode-kustomize-").FullName;
        try
        {
            foreach (var file in Directory.GetFiles(Path.Combine(published.Folder, "kubernetes")))
            {
                File.Copy(file, Path.Combine(folder, Path.GetFileName(file)));
            }

            // As a user does: copy .env.example to .env and fill in every value.
            var example = await File.ReadAllLinesAsync(Path.Combine(folder, ".env.example"), cancellationToken);
            await File.WriteAllLinesAsync(Path.Combine(folder, ".env"), example.Select(line => line.EndsWith('=') ? $"{line}value-{Guid.NewGuid():N}" : line), cancellationToken);

            var start = new ProcessStartInfo("kubectl", ["kustomize", folder]) { RedirectStandardOutput = true, RedirectStandardError = true };
            using var kubectl = Process.Start(start) ?? throw new Xunit.Sdk.XunitException("kubectl could not be started");
            var output = kubectl.StandardOutput.ReadToEndAsync(cancellationToken);
            var error = kubectl.StandardError.ReadToEndAsync(cancellationToken);
            await kubectl.WaitForExitAsync(cancellationToken).WaitAsync(TimeSpan.FromMinutes(1), cancellationToken);
            Assert.True(kubectl.ExitCode == 0, $"kubectl kustomize failed: {await error}");
            return [.. KubernetesYaml.LoadAllFromString(await output)];
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static IEnumerable<(string Name, V1PodSpec Pod)> Pods(List<object> objects) =>
        objects.OfType<V1Deployment>().Select(deployment => (deployment.Metadata.Name, deployment.Spec.Template.Spec))
            .Concat(objects.OfType<V1StatefulSet>().Select(set => (set.Metadata.Name, set.Spec.Template.Spec)));

    private static IEnumerable<(string Workload, V1Container Container)> Containers(List<object> objects) =>
        Pods(objects).SelectMany(pod => pod.Pod.Containers.Concat(pod.Pod.InitContainers ?? []).Select(container => (pod.Name, container)));

    [GeneratedRegex(@"(?<!\$)\$\(([A-Za-z_][A-Za-z0-9_]*)\)")]
    private static partial Regex Embedded();
}
