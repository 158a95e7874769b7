using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace DeployCode.McpBashGod.Sandbox;

/// <summary>
/// Each session's (each user's) own folder and user id, under <see cref="BashGodOptions.WorkRoot"/>:
/// <c>sessions/&lt;id&gt;/</c>, the only writable place a command shares with the host, and beside it
/// <c>sessions/&lt;id&gt;.etc/</c>, the passwd, group and hosts files its sandbox sees. A session's uid is given
/// once, in order, and kept in <c>sessions/&lt;id&gt;.uid</c>; replicas sharing the folder agree through a lock.
/// When the service runs as root the folder belongs to that uid alone (0700), and commands run as it on the host.
/// </summary>
internal sealed class SessionFolders(IOptions<BashGodOptions> options)
{
    private static readonly TimeSpan s_lockPatience = TimeSpan.FromSeconds(10);
    private readonly ConcurrentDictionary<string, Session> _known = new(StringComparer.Ordinal);

    /// <summary>Whether commands change to each session's own user on the host (the service is root).</summary>
    public static bool SwitchesUser => Environment.UserName == "root";

    /// <summary>The session of <paramref name="user"/>, made on first use; checked to still be there on every later one.</summary>
    public Session For(string user) =>
        _known.TryGetValue(user, out var session) && Directory.Exists(session.Folder) ? session : _known[user] = Prepare(user);

    private Session Prepare(string user)
    {
        var settings = options.Value;
        var sessions = Directory.CreateDirectory(Path.Combine(settings.WorkRoot, "sessions")).FullName;
        var name = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(user)))[..16].ToLowerInvariant();
        var uid = UidOf(sessions, name, settings.FirstSessionUid);
        var folder = Directory.CreateDirectory(Path.Combine(sessions, name)).FullName;
        var etc = Directory.CreateDirectory(Path.Combine(sessions, $"{name}.etc")).FullName;
        File.WriteAllText(Path.Combine(etc, "passwd"), $"root:x:0:0:root:/root:/usr/sbin/nologin\nsandbox:x:{uid}:{uid}:BashGod session:{folder}:/bin/bash\nnobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n");
        File.WriteAllText(Path.Combine(etc, "group"), $"root:x:0:\nsandbox:x:{uid}:\nnogroup:x:65534:\n");
        File.WriteAllText(Path.Combine(etc, "hosts"), "127.0.0.1 localhost sandbox\n::1 localhost sandbox\n");
        foreach (var file in new[] { "passwd", "group", "hosts" })
        {
            File.SetUnixFileMode(Path.Combine(etc, file), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        }

        File.SetUnixFileMode(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        if (SwitchesUser)
        {
            Chown(folder, uid);
            // The session's user reaches its folder and its files through the folders above, and reads nothing else there.
            foreach (var parent in new[] { settings.WorkRoot, sessions, etc })
            {
                File.SetUnixFileMode(parent, File.GetUnixFileMode(parent) | UnixFileMode.OtherExecute);
            }
        }

        return new Session(folder, etc, uid);
    }

    // The next free uid, under a lock every replica takes: two sessions never share one.
    private static int UidOf(string sessions, string name, int first)
    {
        var record = Path.Combine(sessions, $"{name}.uid");
        using var held = Lock(Path.Combine(sessions, ".uids.lock"));
        if (File.Exists(record))
        {
            return int.Parse(File.ReadAllText(record).Trim(), CultureInfo.InvariantCulture);
        }

        var taken = Directory.GetFiles(sessions, "*.uid").Select(path => int.Parse(File.ReadAllText(path).Trim(), CultureInfo.InvariantCulture)).ToArray();
        var uid = taken.Length == 0 ? first : Math.Max(first, taken.Max() + 1);
        File.WriteAllText(record, uid.ToString(CultureInfo.InvariantCulture));
        return uid;
    }

    private static FileStream Lock(string path)
    {
        var deadline = DateTime.UtcNow + s_lockPatience;
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                Thread.Sleep(20);
            }
        }
    }

    private static void Chown(string path, int uid)
    {
        using var chown = System.Diagnostics.Process.Start("chown", [$"{uid}:{uid}", path]) ?? throw new InvalidOperationException("chown did not start");
        chown.WaitForExit();
        if (chown.ExitCode != 0)
        {
            throw new InvalidOperationException($"chown {uid}:{uid} {path} failed ({chown.ExitCode}).");
        }
    }
}

/// <summary>A session's folder, the folder of its sandbox's passwd, group and hosts files, and its user id.</summary>
internal sealed record Session(string Folder, string EtcFolder, int Uid);
