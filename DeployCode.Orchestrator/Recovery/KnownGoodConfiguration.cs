using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using DeployCode.Orchestrator.Configuration;
using Microsoft.Extensions.Configuration;

namespace DeployCode.Orchestrator.Recovery;

/// <summary>
/// The <c>DeployCode</c> configuration of the last deployment that became healthy and passed verification,
/// kept in <c>&lt;state folder&gt;/deploy-code/known-good.json</c> (the one before it in
/// <c>known-good.previous.json</c>): what a rollback restores.
/// </summary>
internal static class KnownGoodConfiguration
{
    public const string FileName = "known-good.json";
    public const string PreviousFileName = "known-good.previous.json";

    private static readonly JsonSerializerOptions s_json = new() { WriteIndented = true };

    /// <summary>
    /// Every setting of the section as flat configuration keys (<c>DeployCode:Services:redis:Cpu</c>), sorted. An
    /// expert's API key is kept as its SHA-256 fingerprint: a change is still seen, but the key is never written
    /// into the known-good file.
    /// </summary>
    public static SortedDictionary<string, string> Flatten(IConfigurationSection section)
    {
        var settings = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in section.AsEnumerable())
        {
            if (value is not null)
            {
                settings[key] = ExpertSettings.IsApiKey(key) && value.Length > 0 ? Fingerprint(value) : value;
            }
        }

        return settings;
    }

    /// <summary>Saves the settings atomically (temp file, then rename), keeping the previous copy.</summary>
    public static async Task SaveAsync(string folder, IReadOnlyDictionary<string, string> settings, DateTimeOffset deployedAt, CancellationToken cancellationToken)
    {
        var path = Path.Combine(folder, FileName);
        var temporary = path + ".tmp";
        var document = new KnownGoodDocument(deployedAt, settings);
        await File.WriteAllTextAsync(temporary, JsonSerializer.Serialize(document, s_json), cancellationToken);
        if (File.Exists(path))
        {
            File.Copy(path, Path.Combine(folder, PreviousFileName), overwrite: true);
        }

        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>The saved settings, or null when no deployment has succeeded yet.</summary>
    public static async Task<KnownGoodDocument?> LoadAsync(string folder, CancellationToken cancellationToken)
    {
        var path = Path.Combine(folder, FileName);
        return File.Exists(path)
            ? JsonSerializer.Deserialize<KnownGoodDocument>(await File.ReadAllTextAsync(path, cancellationToken), s_json)
            : null;
    }

    private static string Fingerprint(string secret) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
}

/// <summary>A saved known-good configuration.</summary>
internal sealed record KnownGoodDocument(DateTimeOffset DeployedAt, IReadOnlyDictionary<string, string> Settings);
