namespace DeployCode.Orchestrator.Tests;

/// <summary>A fresh folder under the system temp folder, deleted with everything in it on dispose.</summary>
internal sealed class TempFolder : IDisposable
{
    private const UnixFileMode ExecutableMode =
        UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute |
        UnixFileMode.GroupRead | UnixFileMode.GroupExecute |
        UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

    public TempFolder()
    {
        Path = Directory.CreateTempSubdirectory("deploy-code-tests-").FullName;
    }

    public string Path { get; }

    /// <summary>Creates (if needed) and returns the folder at <paramref name="relative"/> inside this one.</summary>
    public string Folder(string relative)
    {
        var folder = System.IO.Path.Combine(Path, relative);
        Directory.CreateDirectory(folder);
        return folder;
    }

    /// <summary>Writes a bash script at <paramref name="relative"/>, mode 0755, and returns its full path.</summary>
    public string Executable(string relative, string body = "exit 0")
    {
        var file = PlainFile(relative, "#!/bin/bash\n" + body + "\n");
        File.SetUnixFileMode(file, ExecutableMode);
        return file;
    }

    /// <summary>Writes a file at <paramref name="relative"/> with the default (non-executable) mode and returns its full path.</summary>
    public string PlainFile(string relative, string content = "")
    {
        var file = System.IO.Path.Combine(Path, relative);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(file)!);
        File.WriteAllText(file, content);
        return file;
    }

    public void Dispose()
    {
        // A test may have closed a folder (mode 0700); open everything again so it can be deleted.
        foreach (var folder in Directory.EnumerateDirectories(Path, "*", SearchOption.AllDirectories).Prepend(Path))
        {
            File.SetUnixFileMode(folder, ExecutableMode);
        }

        Directory.Delete(Path, recursive: true);
    }
}
