using System.Diagnostics;
using DeployCode.McpFilesystem;
using DeployCode.McpFilesystem.Files;
using Microsoft.Extensions.Options;

namespace DeployCode.Services.Tests;

public sealed class FilesystemToolsTests : IDisposable
{
    private readonly string _sandbox = Directory.CreateTempSubdirectory("deploycode-fs-").FullName;
    private readonly string _root;
    private readonly string _outside;
    private readonly FilesystemTools _tools;

    public FilesystemToolsTests()
    {
        _root = Directory.CreateDirectory(Path.Combine(_sandbox, "data")).FullName;
        _outside = Directory.CreateDirectory(Path.Combine(_sandbox, "data-evil")).FullName;
        File.WriteAllText(Path.Combine(_outside, "secret.txt"), "outside");
        var options = new FilesystemOptions { MaxFileBytes = 1024 };
        options.Roots.Add(_root);
        _tools = new FilesystemTools(new AllowedRoots(options.Roots), Options.Create(options));
    }

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public void Dispose() => Directory.Delete(_sandbox, recursive: true);

    [Theory]
    [InlineData("../data-evil/secret.txt")]
    [InlineData("sub/../../data-evil/secret.txt")]
    [InlineData("/etc/passwd")]
    [InlineData("{outside}/secret.txt")]
    public async Task PathsOutsideTheRootsAreRefused(string path)
    {
        var refusal = await Assert.ThrowsAsync<ToolRefusal>(() => _tools.ReadFileAsync(path.Replace("{outside}", _outside, StringComparison.Ordinal), cancellationToken: Cancellation));
        Assert.Contains("outside the allowed directories", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SymbolicLinksOutOfTheRootsAreRefusedForFilesFoldersAndNewFiles()
    {
        File.CreateSymbolicLink(Path.Combine(_root, "link.txt"), Path.Combine(_outside, "secret.txt"));
        Directory.CreateSymbolicLink(Path.Combine(_root, "linked-folder"), _outside);
        File.CreateSymbolicLink(Path.Combine(_root, "dangling.txt"), Path.Combine(_outside, "new.txt"));

        await Assert.ThrowsAsync<ToolRefusal>(() => _tools.ReadFileAsync("link.txt", cancellationToken: Cancellation));
        await Assert.ThrowsAsync<ToolRefusal>(() => _tools.ReadFileAsync("linked-folder/secret.txt", cancellationToken: Cancellation));
        await Assert.ThrowsAsync<ToolRefusal>(() => _tools.WriteFileAsync("linked-folder/new.txt", "x", Cancellation));
        await Assert.ThrowsAsync<ToolRefusal>(() => _tools.WriteFileAsync("dangling.txt", "x", Cancellation));
        Assert.Throws<ToolRefusal>(() => _tools.CreateDirectory("linked-folder/inner"));
        Assert.False(File.Exists(Path.Combine(_outside, "new.txt")));
        Assert.False(Directory.Exists(Path.Combine(_outside, "inner")));
        // Listed but never walked.
        Assert.DoesNotContain("secret.txt", _tools.SearchFiles(".", "secret"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AHardLinkedFileIsRefusedBecauseItsOtherNameMayBeOutside()
    {
        var link = Path.Combine(_root, "hard.txt");
        using (var ln = Process.Start("ln", [Path.Combine(_outside, "secret.txt"), link]))
        {
            await ln.WaitForExitAsync(Cancellation);
            Assert.Equal(0, ln.ExitCode);
        }

        var refusal = await Assert.ThrowsAsync<ToolRefusal>(() => _tools.ReadFileAsync("hard.txt", cancellationToken: Cancellation));
        Assert.Contains("hard links", refusal.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<ToolRefusal>(() => _tools.WriteFileAsync("hard.txt", "overwritten", Cancellation));
        Assert.Equal("outside", await File.ReadAllTextAsync(Path.Combine(_outside, "secret.txt"), Cancellation));
    }

    [Fact]
    public async Task AFolderSwappedForALinkBetweenTheCheckAndTheOpenNeverLeadsOutside()
    {
        // Another process keeps swapping the folder "real" for a link to a folder outside, and back: a path checked
        // while it is the folder may be opened once it is the link. The open file itself is checked.
        var real = Path.Combine(_root, "real");
        var parked = Path.Combine(_root, ".parked");
        Directory.CreateDirectory(real);
        await File.WriteAllTextAsync(Path.Combine(real, "secret.txt"), "inside", Cancellation);
        using var stop = new CancellationTokenSource();
        var swapper = Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                // Each state held for a varying while, so that checks and opens fall on every side of each swap.
                Directory.Move(real, parked);
                Directory.CreateSymbolicLink(real, _outside);
                Thread.SpinWait(Random.Shared.Next(5_000));
                File.Delete(real);
                Directory.Move(parked, real);
                Thread.SpinWait(Random.Shared.Next(20_000));
            }
        }, CancellationToken.None);

        var outcomes = new Dictionary<string, int>(StringComparer.Ordinal);
        try
        {
            for (var attempt = 0; attempt < 10_000; attempt++)
            {
                string outcome;
                try
                {
                    outcome = await _tools.ReadFileAsync("real/secret.txt", cancellationToken: Cancellation);
                    await _tools.WriteFileAsync("real/written.txt", "x", Cancellation);
                }
                catch (ToolRefusal)
                {
                    outcome = "refused";
                }

                outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;
            }
        }
        finally
        {
            await stop.CancelAsync();
            await swapper;
        }

        var seen = string.Join(", ", outcomes.Select(pair => $"{pair.Key}: {pair.Value}"));
        Assert.False(outcomes.ContainsKey("outside"), $"read outside the roots ({seen})");
        Assert.False(File.Exists(Path.Combine(_outside, "written.txt")), "written outside the roots");
        Assert.Empty(Directory.GetFiles(_outside, "*.tmp", new EnumerationOptions { AttributesToSkip = 0 }));
        Assert.True(outcomes.GetValueOrDefault("inside") > 0, seen);
    }

    [Fact]
    public async Task WritesAreWholeAndLeaveNoTemporaryFileAndKeepThePermissions()
    {
        Assert.Equal("Successfully wrote to notes.txt", await _tools.WriteFileAsync("notes.txt", "first", Cancellation));
        File.SetUnixFileMode(Path.Combine(_root, "notes.txt"), UnixFileMode.UserRead | UnixFileMode.UserWrite);
        await _tools.WriteFileAsync("notes.txt", "second", Cancellation);

        Assert.Equal("second", await _tools.ReadFileAsync("notes.txt", cancellationToken: Cancellation));
        Assert.Equal(["notes.txt"], Directory.GetFiles(_root).Select(Path.GetFileName));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(_root, "notes.txt")));
    }

    [Fact]
    public async Task FilesOverTheLimitAreNeitherWrittenNorRead()
    {
        var refusal = await Assert.ThrowsAsync<ToolRefusal>(() => _tools.WriteFileAsync("big.txt", new string('x', 1025), Cancellation));
        Assert.Contains("over 1024 bytes", refusal.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_root, "big.txt")));

        await File.WriteAllTextAsync(Path.Combine(_root, "big.txt"), new string('x', 2000), Cancellation);
        await Assert.ThrowsAsync<ToolRefusal>(() => _tools.ReadFileAsync("big.txt", cancellationToken: Cancellation));
    }

    [Fact]
    public async Task EditsReplaceExactTextAndReturnADiffAndADryRunWritesNothing()
    {
        await _tools.WriteFileAsync("code.txt", "one\ntwo\nthree\nfour\n", Cancellation);

        var preview = await _tools.EditFileAsync("code.txt", [new EditOperation("two", "TWO")], dryRun: true, Cancellation);
        Assert.Contains("-two\n+TWO\n", preview, StringComparison.Ordinal);
        Assert.StartsWith("```diff\n--- code.txt\n+++ code.txt\n@@ -1,5 +1,5 @@", preview, StringComparison.Ordinal);
        Assert.Equal("one\ntwo\nthree\nfour\n", await _tools.ReadFileAsync("code.txt", cancellationToken: Cancellation));

        await _tools.EditFileAsync("code.txt", [new EditOperation("two", "2"), new EditOperation("four", "4")], cancellationToken: Cancellation);
        Assert.Equal("one\n2\nthree\n4\n", await _tools.ReadFileAsync("code.txt", cancellationToken: Cancellation));

        var missing = await Assert.ThrowsAsync<ToolRefusal>(() => _tools.EditFileAsync("code.txt", [new EditOperation("absent", "x")], cancellationToken: Cancellation));
        Assert.StartsWith("Could not find exact match for edit", missing.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FoldersListSearchTreeMoveAndInfoAnswerAsTheReferenceServerDoes()
    {
        Assert.Equal("Successfully created directory a/b", _tools.CreateDirectory("a/b"));
        await _tools.WriteFileAsync("a/b/Report.md", "# r", Cancellation);
        await _tools.WriteFileAsync("a/notes.txt", "n", Cancellation);

        Assert.Equal("[DIR] b\n[FILE] notes.txt", _tools.ListDirectory("a"));
        Assert.Equal(Path.Combine(_root, "a", "b", "Report.md"), _tools.SearchFiles("a", "report"));
        Assert.Equal(Path.Combine(_root, "a", "notes.txt"), _tools.SearchFiles("a", "*.txt"));
        Assert.Equal("No matches found", _tools.SearchFiles("a", "zzz"));
        Assert.Contains("\"children\"", _tools.DirectoryTree("a"), StringComparison.Ordinal);
        Assert.DoesNotContain("notes.txt", _tools.DirectoryTree("a", ["*.txt"]), StringComparison.Ordinal);

        Assert.Equal("Successfully moved a/notes.txt to a/b/notes.txt", _tools.MoveFile("a/notes.txt", "a/b/notes.txt"));
        Assert.Throws<ToolRefusal>(() => _tools.MoveFile("a/b/notes.txt", "a/b/Report.md"));
        Assert.Throws<ToolRefusal>(() => _tools.MoveFile("a/b/notes.txt", Path.Combine(_outside, "stolen.txt")));

        var info = _tools.GetFileInfo("a/b/Report.md");
        Assert.Contains("size: 3", info, StringComparison.Ordinal);
        Assert.Contains("isFile: true", info, StringComparison.Ordinal);
        Assert.Equal($"Allowed directories:\n{_root}", _tools.ListAllowedDirectories());
    }

    [Fact]
    public async Task TheFileSystemsOwnRefusalsComeBackAsToolErrorsNamingThePath()
    {
        await _tools.WriteFileAsync("a.txt", "a", Cancellation);
        await _tools.WriteFileAsync("b.txt", "b", Cancellation);

        var refusal = Assert.Throws<ToolRefusal>(() => _tools.MoveFile("a.txt", "b.txt/c.txt"));
        Assert.StartsWith("a.txt: ", refusal.Message, StringComparison.Ordinal);
        var write = await Assert.ThrowsAsync<ToolRefusal>(() => _tools.WriteFileAsync("b.txt/c.txt", "c", Cancellation));
        Assert.StartsWith("b.txt/c.txt: ", write.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadingManyFilesReportsEachFailureWithoutStoppingTheOthers()
    {
        await _tools.WriteFileAsync("ok.txt", "fine", Cancellation);

        var answer = await _tools.ReadMultipleFilesAsync(["ok.txt", "missing.txt", "../data-evil/secret.txt"], Cancellation);

        Assert.Contains("ok.txt:\nfine\n", answer, StringComparison.Ordinal);
        Assert.Contains("missing.txt: Error - missing.txt does not exist.", answer, StringComparison.Ordinal);
        Assert.Contains("../data-evil/secret.txt: Error - ", answer, StringComparison.Ordinal);
        Assert.DoesNotContain("outside\n", answer, StringComparison.Ordinal);
    }
}
