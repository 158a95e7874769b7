using System.Security.Cryptography;
using System.Text;

namespace DeployCode.AuthService;

/// <summary>
/// The ES256 key that signs access tokens, derived from the <c>Auth:SigningKey</c> secret so that it
/// survives restarts (tokens stay valid) without ever being written to disk.
/// </summary>
internal sealed class SigningKeys : IDisposable
{
    private const string ConfigurationKey = "Auth:SigningKey";
    private const int MinimumSecretLength = 32;

    private readonly ECDsa _key;

    private SigningKeys(ECDsa key, string keyId)
    {
        _key = key;
        KeyId = keyId;
    }

    /// <summary>The <c>kid</c> published in the key set: derived from the public key.</summary>
    public string KeyId { get; }

    public static SigningKeys FromConfiguration(IConfiguration configuration)
    {
        var secret = configuration[ConfigurationKey];
        if (string.IsNullOrEmpty(secret) || secret.Length < MinimumSecretLength)
        {
            throw new InvalidOperationException(
                $"{ConfigurationKey} must be set to a secret of at least {MinimumSecretLength} characters " +
                "(the AppHost passes its 'jwt-signing-key' parameter).");
        }

        var key = DeriveKey(Encoding.UTF8.GetBytes(secret));
        var publicKey = key.ExportSubjectPublicKeyInfo();
        var keyId = Base64Url(SHA256.HashData(publicKey))[..16];
        return new SigningKeys(key, keyId);
    }

    /// <summary>The JSON Web Key Set other services validate tokens with (RFC 7517).</summary>
    public object ToJsonWebKeySet()
    {
        var parameters = _key.ExportParameters(includePrivateParameters: false);
        return new
        {
            keys = new[]
            {
                new
                {
                    kty = "EC",
                    use = "sig",
                    alg = "ES256",
                    crv = "P-256",
                    kid = KeyId,
                    x = Base64Url(parameters.Q.X!),
                    y = Base64Url(parameters.Q.Y!),
                },
            },
        };
    }

    public void Dispose() => _key.Dispose();

    private static ECDsa DeriveKey(byte[] secret)
    {
        // A P-256 private scalar must be below the group order; the rare candidate above it is skipped.
        for (var counter = 0; ; counter++)
        {
            var scalar = HKDF.DeriveKey(HashAlgorithmName.SHA256, secret, 32, salt: [], info: Encoding.UTF8.GetBytes($"deploycode-es256-{counter}"));
            try
            {
                return ECDsa.Create(new ECParameters { Curve = ECCurve.NamedCurves.nistP256, D = scalar });
            }
            catch (CryptographicException) when (counter < 16)
            {
            }
        }
    }

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
