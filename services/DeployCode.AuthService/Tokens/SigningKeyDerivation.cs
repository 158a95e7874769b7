using System.Security.Cryptography;
using System.Text;

namespace DeployCode.AuthService.Tokens;

/// <summary>
/// Derives the ES256 key of each key generation from the <c>Auth:SigningKey</c> secret, so that every replica
/// signs with the same key and no private key is ever stored: rotating to generation n+1 needs only a number.
/// </summary>
public static class SigningKeyDerivation
{
    /// <summary>The shortest secret accepted: 256 bits of a random alphabet.</summary>
    public const int MinimumSecretLength = 32;

    /// <summary>The P-256 key of <paramref name="generation"/>.</summary>
    public static ECDsa Derive(string secret, int generation)
    {
        ArgumentException.ThrowIfNullOrEmpty(secret);
        var secretBytes = Encoding.UTF8.GetBytes(secret);
        // A P-256 private scalar must be below the group order; the rare candidate above it is skipped.
        for (var counter = 0; ; counter++)
        {
            var scalar = HKDF.DeriveKey(HashAlgorithmName.SHA256, secretBytes, 32, salt: [],
                info: Encoding.UTF8.GetBytes($"deploycode-es256-generation-{generation}-{counter}"));
            try
            {
                return ECDsa.Create(new ECParameters { Curve = ECCurve.NamedCurves.nistP256, D = scalar });
            }
            catch (CryptographicException) when (counter < 16)
            {
            }
        }
    }

    /// <summary>The <c>kid</c> of a key: derived from its public key, so it changes with the key and nothing else.</summary>
    public static string KeyIdOf(ECDsa key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return Base64Url(SHA256.HashData(key.ExportSubjectPublicKeyInfo()))[..16];
    }

    /// <summary>Base64url without padding (RFC 7515 §2).</summary>
    public static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
