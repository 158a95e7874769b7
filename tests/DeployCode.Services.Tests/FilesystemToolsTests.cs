using System.Diagnostics;
using DeployCode.McpFilesystem;
using DeployCode.McpFilesystem.Files;
using Microsoft.Extensions.Options;
using ModelContextProtocol.Protocol;

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

    // The answer as the reference server gives it: one text block, and the same text as structured content.
    private static string Text(CallToolResult result)
    {
        var text = Assert.IsType<TextContentBlock>(Assert.Single(result.Content)).Text;
        Assert.Equal(text, result.StructuredContent?.GetProperty("content").GetString());
        return text;
    }

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
        Assert.DoesNotContain("secret.txt", Text(_tools.SearchFiles(".", "**/secret.txt")), StringComparison.Ordinal);
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
                    outcome = Text(await _tools.ReadFileAsync("real/secret.txt", cancellationToken: Cancellation));
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
        Assert.Equal("Successfully wrote to notes.txt", Text(await _tools.WriteFileAsync("notes.txt", "first", Cancellation)));
        File.SetUnixFileMode(Path.Combine(_root, "notes.txt"), UnixFileMode.UserRead | UnixFileMode.UserWrite);
        await _tools.WriteFileAsync("notes.txt", "second", Cancellation);

        Assert.Equal("second", Text(await _tools.ReadFileAsync("notes.txt", cancellationToken: Cancellation)));
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

        var preview = Text(await _tools.EditFileAsync("code.txt", [new EditOperation("two", "TWO")], dryRun: true, Cancellation));
        Assert.Contains("-two\n+TWO\n", preview, StringComparison.Ordinal);
        Assert.StartsWith("```diff\n--- code.txt\n+++ code.txt\n@@ -1,5 +1,5 @@", preview, StringComparison.Ordinal);
        Assert.Equal("one\ntwo\nthree\nfour\n", Text(await _tools.ReadFileAsync("code.txt", cancellationToken: Cancellation)));

        await _tools.EditFileAsync("code.txt", [new EditOperation("two", "2"), new EditOperation("four", "4")], cancellationToken: Cancellation);
        Assert.Equal("one\n2\nthree\n4\n", Text(await _tools.ReadFileAsync("code.txt", cancellationToken: Cancellation)));

        var missing = await Assert.ThrowsAsync<ToolRefusal>(() => _tools.EditFileAsync("code.txt", [new EditOperation("absent", "x")], cancellationToken: Cancellation));
        Assert.StartsWith("Could not find exact match for edit", missing.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FoldersListSearchTreeMoveAndInfoAnswerAsTheReferenceServerDoes()
    {
        Assert.Equal("Successfully created directory a/b", Text(_tools.CreateDirectory("a/b")));
        await _tools.WriteFileAsync("a/b/Report.md", "# r", Cancellation);
        await _tools.WriteFileAsync("a/notes.txt", "n", Cancellation);

        Assert.Equal("[DIR] b\n[FILE] notes.txt", Text(_tools.ListDirectory("a")));
        Assert.Equal(Path.Combine(_root, "a", "b", "Report.md"), Text(_tools.SearchFiles("a", "**/Report.md")));
        Assert.Equal(Path.Combine(_root, "a", "notes.txt"), Text(_tools.SearchFiles("a", "*.txt")));
        Assert.Equal("No matches found", Text(_tools.SearchFiles("a", "zzz")));
        Assert.Contains("\"children\"", Text(_tools.DirectoryTree("a")), StringComparison.Ordinal);
        Assert.DoesNotContain("notes.txt", Text(_tools.DirectoryTree("a", ["*.txt"])), StringComparison.Ordinal);

        Assert.Equal("Successfully moved a/notes.txt to a/b/notes.txt", Text(_tools.MoveFile("a/notes.txt", "a/b/notes.txt")));
        Assert.Throws<ToolRefusal>(() => _tools.MoveFile("a/b/notes.txt", "a/b/Report.md"));
        Assert.Throws<ToolRefusal>(() => _tools.MoveFile("a/b/notes.txt", Path.Combine(_outside, "stolen.txt")));

        var info = Text(_tools.GetFileInfo("a/b/Report.md"));
        Assert.Contains("size: 3", info, StringComparison.Ordinal);
        Assert.Contains("isFile: true", info, StringComparison.Ordinal);
        Assert.Equal($"Allowed directories:\n{_root}", Text(_tools.ListAllowedDirectories()));
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

        var answer = Text(await _tools.ReadMultipleFilesAsync(["ok.txt", "missing.txt", "../data-evil/secret.txt"], Cancellation));

        Assert.Contains("ok.txt:\nfine\n", answer, StringComparison.Ordinal);
        Assert.Contains("missing.txt: Error - missing.txt does not exist.", answer, StringComparison.Ordinal);
        Assert.Contains("../data-evil/secret.txt: Error - ", answer, StringComparison.Ordinal);
        Assert.DoesNotContain("outside\n", answer, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HeadAndTailReadOnlyTheLinesAskedForEvenOfAFileOverTheLimit()
    {
        await File.WriteAllTextAsync(Path.Combine(_root, "five.txt"), "1\n2\n3\n4\n5\n", Cancellation);
        await File.WriteAllTextAsync(Path.Combine(_root, "log.txt"), string.Concat(Enumerable.Range(1, 400).Select(line => $"line {line}\n")), Cancellation);

        Assert.Equal("1\n2", Text(await _tools.ReadTextFileAsync("five.txt", head: 2, cancellationToken: Cancellation)));
        Assert.Equal("4\n5\n", Text(await _tools.ReadTextFileAsync("five.txt", tail: 2, cancellationToken: Cancellation)));
        Assert.Equal("1\n2\n3\n4\n5\n", Text(await _tools.ReadTextFileAsync("five.txt", tail: 9, cancellationToken: Cancellation)));
        Assert.Equal("4\n5\n", Text(await _tools.ReadFileAsync("five.txt", tail: 2, cancellationToken: Cancellation)));
        // The log is over the 1024-byte limit as a whole; its ends are not.
        Assert.Equal("line 1\nline 2", Text(await _tools.ReadTextFileAsync("log.txt", head: 2, cancellationToken: Cancellation)));
        Assert.Equal("line 399\nline 400\n", Text(await _tools.ReadTextFileAsync("log.txt", tail: 2, cancellationToken: Cancellation)));
        await Assert.ThrowsAsync<ToolRefusal>(() => _tools.ReadTextFileAsync("log.txt", cancellationToken: Cancellation));
        await Assert.ThrowsAsync<ToolRefusal>(() => _tools.ReadTextFileAsync("log.txt", tail: 300, cancellationToken: Cancellation));

        var both = await Assert.ThrowsAsync<ToolRefusal>(() => _tools.ReadTextFileAsync("five.txt", tail: 1, head: 1, cancellationToken: Cancellation));
        Assert.Equal("Cannot specify both head and tail parameters simultaneously", both.Message);
        await Assert.ThrowsAsync<ToolRefusal>(() => _tools.ReadTextFileAsync("five.txt", head: 0, cancellationToken: Cancellation));
    }

    [Fact]
    public async Task MediaFilesComeBackAsBase64WithTheirMimeTypeImagesAsImagesAndOtherFilesAsResources()
    {
        byte[] png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3];
        await File.WriteAllBytesAsync(Path.Combine(_root, "logo.PNG"), png, Cancellation);
        await File.WriteAllBytesAsync(Path.Combine(_root, "data.bin"), [0, 255, 7], Cancellation);

        var image = await _tools.ReadMediaFileAsync("logo.PNG", Cancellation);
        var block = Assert.IsType<ImageContentBlock>(Assert.Single(image.Content));
        Assert.Equal("image/png", block.MimeType);
        Assert.Equal(png, block.DecodedData.ToArray());
        var structured = image.StructuredContent!.Value.GetProperty("content")[0];
        Assert.Equal(("image", Convert.ToBase64String(png), "image/png"), (structured.GetProperty("type").GetString(), structured.GetProperty("data").GetString(), structured.GetProperty("mimeType").GetString()));

        var binary = await _tools.ReadMediaFileAsync("data.bin", Cancellation);
        var resource = Assert.IsType<BlobResourceContents>(Assert.IsType<EmbeddedResourceBlock>(Assert.Single(binary.Content)).Resource);
        Assert.Equal(("application/octet-stream", new Uri(Path.Combine(_root, "data.bin")).AbsoluteUri, "AP8H"), (resource.MimeType, resource.Uri, Convert.ToBase64String(resource.DecodedData.ToArray())));
        Assert.Equal("AP8H", binary.StructuredContent!.Value.GetProperty("content")[0].GetProperty("resource").GetProperty("blob").GetString());

        await File.WriteAllBytesAsync(Path.Combine(_root, "huge.png"), new byte[2048], Cancellation);
        await Assert.ThrowsAsync<ToolRefusal>(() => _tools.ReadMediaFileAsync("huge.png", Cancellation));
        await Assert.ThrowsAsync<ToolRefusal>(() => _tools.ReadMediaFileAsync("../data-evil/secret.txt", Cancellation));
    }

    [Fact]
    public async Task ListingWithSizesSortsByNameOrSizeAndTotalsAsTheReferenceServerDoes()
    {
        await File.WriteAllBytesAsync(Path.Combine(_root, "big.bin"), new byte[2048], Cancellation);
        await File.WriteAllBytesAsync(Path.Combine(_root, "a.txt"), new byte[10], Cancellation);
        Directory.CreateDirectory(Path.Combine(_root, "sub"));

        var byName = Text(_tools.ListDirectoryWithSizes("."));
        Assert.Equal(string.Join('\n',
            $"[FILE] {"a.txt",-30} {"10 B",10}",
            $"[FILE] {"big.bin",-30} {"2.00 KB",10}",
            $"[DIR] {"sub",-30} ",
            "",
            "Total: 2 files, 1 directories",
            "Combined size: 2.01 KB"), byName);
        Assert.StartsWith($"[FILE] {"big.bin",-30}", Text(_tools.ListDirectoryWithSizes(".", "size")), StringComparison.Ordinal);
        Assert.Equal("sortBy must be name or size; got 'date'.", Assert.Throws<ToolRefusal>(() => _tools.ListDirectoryWithSizes(".", "date")).Message);

        Assert.Equal(["0 B", "1023 B", "1.50 KB", "1.00 MB", "3.00 GB"], new long[] { 0, 1023, 1536, 1 << 20, 3L << 30 }.Select(FilesystemTools.FormatSize));
    }

    [Fact]
    public async Task SearchAndTreeMatchGlobsOnThePathBelowTheFolder()
    {
        foreach (var file in new[] { "top.md", "docs/guide.md", "docs/deep/notes.md", "node_modules/pkg/readme.md", "docs/node_modules/x.md" })
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(_root, file))!);
            await File.WriteAllTextAsync(Path.Combine(_root, file), "x", Cancellation);
        }

        string[] Found(string pattern, params string[] excluded) =>
            [.. Text(_tools.SearchFiles(".", pattern, excluded)).Split('\n').Select(path => Path.GetRelativePath(_root, path)).Order(StringComparer.Ordinal)];

        Assert.Equal(["top.md"], Found("*.md"));
        Assert.Equal(["docs/deep/notes.md", "docs/guide.md", "docs/node_modules/x.md", "node_modules/pkg/readme.md", "top.md"], Found("**/*.md"));
        Assert.Equal(["docs/deep/notes.md", "docs/guide.md", "top.md"], Found("**/*.md", "**/node_modules"));
        Assert.Equal(["docs/guide.md", "top.md"], Found("{top,docs/guide}.md"));
        Assert.Equal(["docs/deep", "docs/guide.md"], Found("docs/[dg]*"));

        // A plain name in directory_tree's excludePatterns leaves out that name at any depth.
        var tree = Text(_tools.DirectoryTree(".", ["node_modules"]));
        Assert.DoesNotContain("node_modules", tree, StringComparison.Ordinal);
        Assert.Contains("\"notes.md\"", tree, StringComparison.Ordinal);
    }
}
