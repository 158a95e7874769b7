using System.Security.Claims;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace DeployCode.ServiceDefaults;

/// <summary>
/// Validates each access token once for its lifetime: the signature check (ES256), the parsing and the claims
/// mapping run on a token's first request; later requests with the same token get a copy of that result until
/// the token expires (its <c>exp</c> plus the clock skew validation allows). Only valid tokens are remembered, so
/// a stream of forged tokens cannot fill the cache, and each is checked as before. The session check still runs
/// on every request (<see cref="IPlatformSessionCheck"/>): a signed-out or demoted token is refused as soon as the
/// session says so, cache or not.
/// </summary>
internal sealed class ValidatedTokenCache(TokenHandler inner, TimeProvider time, int capacity = ValidatedTokenCache.DefaultCapacity) : TokenHandler, IDisposable
{
    /// <summary>Tokens remembered at most; past it, new tokens are validated every time until old ones expire.</summary>
    public const int DefaultCapacity = 100_000;

    private readonly MemoryCache _valid = new(new MemoryCacheOptions { SizeLimit = capacity });

    public void Dispose() => _valid.Dispose();

    public override async Task<TokenValidationResult> ValidateTokenAsync(string token, TokenValidationParameters validationParameters)
    {
        ArgumentNullException.ThrowIfNull(validationParameters);
        var now = time.GetUtcNow();
        if (_valid.TryGetValue(token, out Remembered? remembered) && remembered is not null && remembered.Until > now)
        {
            return remembered.Copy();
        }

        var result = await inner.ValidateTokenAsync(token, validationParameters);
        if (result.IsValid && result.SecurityToken is JsonWebToken { ValidTo: var expires } && expires > DateTime.MinValue)
        {
            var until = new DateTimeOffset(expires, TimeSpan.Zero) + validationParameters.ClockSkew;
            if (until > now)
            {
                _valid.Set(token, new Remembered(result, until), new MemoryCacheEntryOptions { Size = 1, AbsoluteExpiration = until });
            }
        }

        return result;
    }

    public override SecurityToken ReadToken(string token) => inner.ReadToken(token);

    // Each request gets its own identity: the session check may change its role claim, and requests run at once.
    private sealed record Remembered(TokenValidationResult Result, DateTimeOffset Until)
    {
        public TokenValidationResult Copy() => new()
        {
            IsValid = true,
            ClaimsIdentity = new ClaimsIdentity(Result.ClaimsIdentity),
            SecurityToken = Result.SecurityToken,
            Issuer = Result.Issuer,
            TokenType = Result.TokenType,
        };
    }
}
