namespace DeployCode.Orchestrator.Runtime;

/// <summary>
/// Writes a file that holds a secret (a password file, a configuration with a password in it): readable and writable
/// by its owner only from the moment it exists, never world-readable for an instant, and always a new file, so that
/// whoever opened an earlier one cannot read the new secret through it.
/// </summary>
internal static class SecretFile
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Writes <paramref name="text"/> to <paramref name="path"/> as a new file with mode 0600.</summary>
    public static async Task WriteAsync(string path, string text, CancellationToken cancellationToken)
    {
        // Beside the file, then renamed over it: the secret is never in a file of another mode, nor in the old one.
        var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        var staging = Path.Combine(folder, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}");
        try
        {
            await using (var stream = new FileStream(staging, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = OwnerOnly }))
            await using (var writer = new StreamWriter(stream))
            {
                await writer.WriteAsync(text.AsMemory(), cancellationToken);
            }

            // The process's umask can only take bits away; this makes sure of the owner's two.
            File.SetUnixFileMode(staging, OwnerOnly);
            File.Move(staging, path, overwrite: true);
        }
        finally
        {
            File.Delete(staging);
        }
    }
}
