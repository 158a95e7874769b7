using System.Text.Json;
using System.Text.RegularExpressions;
using k8s.Models;
using YamlDotNet.RepresentationModel;

namespace DeployCode.AppHost.Tests;

/// <summary>
/// The rendered manifests against the images they name, as the engine here holds them (<c>./deploy-code images</c>):
/// what each container runs, and whether its user can write what it mounts. Images that cannot be built here
/// (Grafana, Jaeger) are compared by what the manifests say alone.
/// </summary>
public sealed partial class KubernetesRenderedTests
{
    [Fact]
    public async Task EveryContainerRunsTheCommandLineItsComposeServiceRuns()
    {
        // Kubernetes' command replaces the image's entry point and its args the image's command, as Compose's
        // entrypoint and command do; so with the same image both must come to the same command line.
        var cancellationToken = TestContext.Current.CancellationToken;
        await ContainerEngine.RequireAsync(cancellationToken);
        var objects = await RenderAsync();
        var compose = (YamlMappingNode)((YamlMappingNode)LoadCompose())["services"];
        var compared = 0;
        foreach (var (workload, pod) in Pods(objects))
        {
            var container = pod.Containers.Single();
            var service = (YamlMappingNode)compose[workload];
            var image = await ImageConfigAsync(container.Image, cancellationToken);
            var onCluster = (container.Command is { } command ? [.. command.Select(Kubernetes)] : image.Entrypoint)
                .Concat(container.Args is { } args ? args.Select(Kubernetes) : container.Command is null ? image.Command : []).ToArray();
            var entrypoint = Sequence(service, "entrypoint");
            var inCompose = (entrypoint is null ? image.Entrypoint : [.. entrypoint.Select(Compose)])
                .Concat(Sequence(service, "command") is { } composeCommand ? composeCommand.Select(Compose) : entrypoint is null ? image.Command : []).ToArray();

            Assert.True(onCluster.SequenceEqual(inCompose), $"{workload} runs [{string.Join(", ", onCluster)}] on a cluster but [{string.Join(", ", inCompose)}] in Compose");
            Assert.NotEmpty(onCluster);
            if (image.IsHere)
            {
                // The program exists in the image (as its user finds it on the PATH).
                await ContainerEngine.DockerAsync(cancellationToken, "run", "--rm", "--entrypoint", "/bin/sh", container.Image, "-c", $"command -v '{onCluster[0]}'");
            }

            compared++;
        }

        Assert.True(compared >= 10, $"only {compared} workloads compared");
    }

    [Fact]
    public async Task EveryVolumeAPodWritesIsWritableByTheUserItRunsAs()
    {
        // A fresh claim is an empty folder owned by root (0755). With fsGroup the kubelet gives it to that group
        // (setgid, group-writable) and adds the group to the pod's processes; this does the same here, then writes
        // into it as the container's user, with the image built here.
        var cancellationToken = TestContext.Current.CancellationToken;
        await ContainerEngine.RequireAsync(cancellationToken);
        var objects = await RenderAsync();
        var written = new List<string>();
        var notHere = new List<string>();
        foreach (var set in objects.OfType<V1StatefulSet>())
        {
            var pod = set.Spec.Template.Spec;
            var claims = (set.Spec.VolumeClaimTemplates ?? []).Select(claim => claim.Metadata.Name).ToHashSet(StringComparer.Ordinal);
            var container = pod.Containers.Single();
            if (!(await ImageConfigAsync(container.Image, cancellationToken)).IsHere)
            {
                notHere.Add(set.Metadata.Name);
                continue;
            }

            foreach (var mount in (container.VolumeMounts ?? []).Where(mount => claims.Contains(mount.Name) && mount.ReadOnlyProperty != true))
            {
                await AssertWritableAsync(set.Metadata.Name, container, pod.SecurityContext, mount.MountPath, cancellationToken);
                written.Add($"{set.Metadata.Name}:{mount.MountPath}");
            }
        }

        Assert.Superset(new HashSet<string> { "postgresql:/var/lib/postgresql/data", "redis:/data", "prometheus:/prometheus", "mcp-filesystem:/var/lib/deploy-code/data" }, written.ToHashSet());
        // Not built here (see images/not-built): their manifests are checked by what they say alone.
        Assert.Equal(["grafana"], notHere);
        var grafana = objects.OfType<V1StatefulSet>().Single(set => set.Metadata.Name == "grafana").Spec.Template.Spec.SecurityContext;
        Assert.True(grafana?.FsGroup is not null && grafana.RunAsNonRoot == true, "grafana runs unprivileged and owns its volume on a cluster");
    }

    private static async Task AssertWritableAsync(string workload, V1Container container, V1PodSecurityContext? security, string path, CancellationToken cancellationToken)
    {
        var claim = Directory.CreateTempSubdirectory("deploycode-claim-");
        try
        {
            await ContainerEngine.RunAsync("chown", null, TimeSpan.FromSeconds(10), cancellationToken, "root:root", claim.FullName);
            File.SetUnixFileMode(claim.FullName, (UnixFileMode)Convert.ToInt32("755", 8));
            var arguments = new List<string> { "run", "--rm", "-v", $"{claim.FullName}:{path}", "--entrypoint", "/bin/sh" };
            if (security?.FsGroup is { } group)
            {
                await ContainerEngine.RunAsync("chgrp", null, TimeSpan.FromSeconds(10), cancellationToken, group.ToString(System.Globalization.CultureInfo.InvariantCulture), claim.FullName);
                File.SetUnixFileMode(claim.FullName, (UnixFileMode)Convert.ToInt32("2775", 8));
                arguments.AddRange(["--group-add", group.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            }

            var user = container.SecurityContext?.RunAsUser ?? security?.RunAsUser;
            if (user is not null)
            {
                var userGroup = container.SecurityContext?.RunAsGroup ?? security?.RunAsGroup;
                arguments.AddRange(["--user", userGroup is null ? $"{user}" : $"{user}:{userGroup}"]);
            }

            arguments.AddRange([container.Image, "-c", $"id -u; touch '{path}/.deploycode-write-check'"]);
            string runsAs;
            try
            {
                runsAs = await ContainerEngine.DockerAsync(cancellationToken, [.. arguments]);
            }
            catch (Xunit.Sdk.XunitException failure)
            {
                throw new Xunit.Sdk.XunitException($"{workload} cannot write its volume at {path} on a cluster: {failure.Message}");
            }

            Assert.True(security?.RunAsNonRoot != true || runsAs.Split('\n')[0] != "0", $"{workload} says it runs as non-root but ran as root");
        }
        finally
        {
            claim.Delete(recursive: true);
        }
    }

    private sealed record ImageConfig(bool IsHere, IReadOnlyList<string> Entrypoint, IReadOnlyList<string> Command);

    // An image not here stands for its own entry point and command: both sides must then say the same about them.
    private static async Task<ImageConfig> ImageConfigAsync(string image, CancellationToken cancellationToken)
    {
        // The engine lists docker.io/library/postgres as postgres.
        const string DockerHub = "docker.io/library/";
        var reference = image.StartsWith(DockerHub, StringComparison.Ordinal) ? image[DockerHub.Length..] : image;
        if (string.IsNullOrEmpty(await ContainerEngine.DockerAsync(cancellationToken, "image", "ls", "--format", "{{.ID}}", "--filter", $"reference={reference}")))
        {
            return new ImageConfig(false, [$"<entry point of {image}>"], [$"<command of {image}>"]);
        }

        using var config = JsonDocument.Parse(await ContainerEngine.DockerAsync(cancellationToken, "image", "inspect", "--format", "{{json .Config}}", image));
        return new ImageConfig(true, Strings(config.RootElement, "Entrypoint"), Strings(config.RootElement, "Cmd"));
    }

    private static string[] Strings(JsonElement config, string name) =>
        config.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Array ? [.. value.EnumerateArray().Select(item => item.GetString()!)] : [];

    private YamlNode LoadCompose()
    {
        var stream = new YamlStream();
        using var reader = new StreamReader(Path.Combine(published.ComposeFolder, "docker-compose.yaml"));
        stream.Load(reader);
        return stream.Documents[0].RootNode;
    }

    private static IEnumerable<string>? Sequence(YamlMappingNode service, string key) =>
        service.Children.TryGetValue(key, out var node) ? ((YamlSequenceNode)node).Select(item => item.ToString()) : null;

    // Both written as the program receives them, a variable as ⟨NAME⟩: Compose substitutes ${NAME} and reads $$ as $;
    // Kubernetes expands $(NAME) and reads $$( as $(.
    private static string Compose(string text) => ComposeVariable().Replace(text, match => match.Value == "$$" ? "$" : $"⟨{match.Groups[1].Value}⟩");

    private static string Kubernetes(string text) => KubernetesVariable().Replace(text, match => match.Value == "$$(" ? "$(" : $"⟨{match.Groups[1].Value}⟩");

    [GeneratedRegex(@"\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?::?-[^}]*)?\}")]
    private static partial Regex ComposeVariable();

    [GeneratedRegex(@"\$\$\(|\$\(([A-Za-z_][A-Za-z0-9_]*)\)")]
    private static partial Regex KubernetesVariable();
}
