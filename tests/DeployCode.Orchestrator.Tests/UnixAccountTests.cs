using DeployCode.Orchestrator.Configuration;
using DeployCode.Orchestrator.Runtime;

namespace DeployCode.Orchestrator.Tests;

public sealed class UnixAccountTests : IDisposable
{
    private const string Passwd = """
        root:x:0:0:root:/root:/bin/bash
        daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin
        postgresql-admin:x:998:998::/home/postgresql-admin:/bin/sh
        redis:x:100:102::/var/lib/redis:/usr/sbin/nologin
        postgres:x:101:104:PostgreSQL administrator,,,:/var/lib/postgresql:/bin/bash
        broken:x:not-a-number:104::/nonexistent:/usr/sbin/nologin
        """;

    private const UnixFileMode OpenFolder =
        UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute |
        UnixFileMode.GroupRead | UnixFileMode.GroupExecute |
        UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void AnAccountIsReadFromThePasswdFile()
    {
        var account = UnixAccount.Lookup("postgres", _temp.PlainFile("passwd", Passwd));

        Assert.Equal(new UnixAccount("postgres", 101, 104), account);
    }

    [Fact]
    public void OnlyTheWholeNameMatches()
    {
        var account = UnixAccount.Lookup("redis", _temp.PlainFile("passwd", Passwd));

        Assert.Equal((100u, 102u), (account.UserId, account.GroupId));
    }

    [Theory]
    [InlineData("nobody")]
    [InlineData("postgre")]
    [InlineData("broken")]
    public void AnUnknownAccountIsRefusedNamingTheSetting(string name)
    {
        var passwd = _temp.PlainFile("passwd", Passwd);

        var error = Assert.Throws<DeployCodeConfigurationException>(() => UnixAccount.Lookup(name, passwd));

        Assert.Contains("DeployCode:PostgresUser", error.Message, StringComparison.Ordinal);
        Assert.Contains($"'{name}'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AFolderBehindAClosedParentCannotBeReached()
    {
        var closed = _temp.Folder("closed");
        var state = _temp.Folder("closed/state");
        File.SetUnixFileMode(closed, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        var error = Assert.Throws<DeployCodeConfigurationException>(() => new UnixAccount("postgres", 101, 104).EnsureCanReach(Path.Combine(state, "postgresql")));

        Assert.Contains("DeployCode:StateDirectory", error.Message, StringComparison.Ordinal);
        Assert.Contains(closed, error.Message, StringComparison.Ordinal);
        Assert.Contains("'postgres'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AFolderBehindOpenParentsCanBeReached()
    {
        var state = _temp.Folder("open/state");
        File.SetUnixFileMode(_temp.Path, OpenFolder);
        File.SetUnixFileMode(Path.Combine(_temp.Path, "open"), OpenFolder);
        File.SetUnixFileMode(state, OpenFolder);
        var account = new UnixAccount("postgres", 101, 104);

        account.EnsureCanReach(Path.Combine(state, "postgresql"));
    }

    [Fact]
    public void SetprivRunsTheCommandAsTheAccount()
    {
        var arguments = new UnixAccount("postgres", 101, 104).SetprivArguments().ToArray();

        Assert.Contains("--reuid=101", arguments);
        Assert.Contains("--regid=104", arguments);
        Assert.Contains("--init-groups", arguments);
        Assert.Equal("--", arguments[^1]);
    }
}
