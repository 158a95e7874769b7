using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;

namespace DeployCode.AuthService.Tokens;

/// <summary>The public half of the key ring as a JSON Web Key Set (RFC 7517): never a private parameter.</summary>
internal static class JsonWebKeySet
{
    public static object Of(IEnumerable<ECDsaSecurityKey> keys) => new
    {
        keys = keys.Select(key =>
        {
            var parameters = key.ECDsa.ExportParameters(includePrivateParameters: false);
            return new
            {
                kty = "EC",
                use = "sig",
                alg = "ES256",
                crv = "P-256",
                kid = key.KeyId,
                x = SigningKeyDerivation.Base64Url(parameters.Q.X!),
                y = SigningKeyDerivation.Base64Url(parameters.Q.Y!),
            };
        }).ToArray(),
    };
}
