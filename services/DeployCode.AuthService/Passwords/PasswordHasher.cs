using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Konscious.Security.Cryptography;

namespace DeployCode.AuthService.Passwords;

/// <summary>
/// Argon2id password hashes (memory-hard, RFC 9106) in the PHC string format
/// <c>$argon2id$v=19$m=19456,t=2,p=1$salt$hash</c>. The parameters travel in each hash, so raising them later
/// still verifies the hashes made before.
/// </summary>
internal sealed class PasswordHasher
{
    // OWASP's minimum for Argon2id: 19 MiB, 2 passes, 1 lane.
    private const int MemoryKib = 19 * 1024;
    private const int Iterations = 2;
    private const int Parallelism = 1;
    private const int SaltBytes = 16;
    private const int HashBytes = 32;
    private const string Prefix = "$argon2id$v=19$";

    private readonly Lazy<string> _decoy;

    public PasswordHasher() => _decoy = new Lazy<string>(() => Hash(Convert.ToHexString(RandomNumberGenerator.GetBytes(16))));

    /// <summary>A hash of a random password, verified against when the account does not exist, so that a
    /// wrong user name takes as long to refuse as a wrong password.</summary>
    public string Decoy => _decoy.Value;

    public static string Hash(string password)
    {
        ArgumentException.ThrowIfNullOrEmpty(password);
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        var hash = Compute(password, salt, MemoryKib, Iterations, Parallelism, HashBytes);
        return string.Create(CultureInfo.InvariantCulture,
            $"{Prefix}m={MemoryKib},t={Iterations},p={Parallelism}${Convert.ToBase64String(salt).TrimEnd('=')}${Convert.ToBase64String(hash).TrimEnd('=')}");
    }

    public static bool Verify(string password, string encoded)
    {
        if (string.IsNullOrEmpty(password) || !TryParse(encoded, out var memory, out var iterations, out var parallelism, out var salt, out var expected))
        {
            return false;
        }

        var actual = Compute(password, salt, memory, iterations, parallelism, expected.Length);
        return CryptographicOperations.FixedTimeEquals(actual, expected);
    }

    private static byte[] Compute(string password, byte[] salt, int memoryKib, int iterations, int parallelism, int length)
    {
        using var argon2 = new Argon2id(Encoding.UTF8.GetBytes(password))
        {
            Salt = salt,
            MemorySize = memoryKib,
            Iterations = iterations,
            DegreeOfParallelism = parallelism,
        };
        return argon2.GetBytes(length);
    }

    private static bool TryParse(string encoded, out int memory, out int iterations, out int parallelism, out byte[] salt, out byte[] hash)
    {
        memory = iterations = parallelism = 0;
        salt = hash = [];
        if (!encoded.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        var parts = encoded[Prefix.Length..].Split('$');
        if (parts.Length != 3)
        {
            return false;
        }

        var parameters = parts[0].Split(',').Select(pair => pair.Split('=')).Where(pair => pair.Length == 2)
            .ToDictionary(pair => pair[0], pair => int.TryParse(pair[1], CultureInfo.InvariantCulture, out var value) ? value : 0);
        memory = parameters.GetValueOrDefault("m");
        iterations = parameters.GetValueOrDefault("t");
        parallelism = parameters.GetValueOrDefault("p");
        salt = FromUnpaddedBase64(parts[1]);
        hash = FromUnpaddedBase64(parts[2]);
        return memory > 0 && iterations > 0 && parallelism > 0 && salt.Length > 0 && hash.Length > 0;
    }

    private static byte[] FromUnpaddedBase64(string text)
    {
        var padded = text.PadRight(text.Length + (4 - text.Length % 4) % 4, '=');
        return Convert.TryFromBase64String(padded, new byte[padded.Length], out _) ? Convert.FromBase64String(padded) : [];
    }
}
