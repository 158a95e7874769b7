using System.Security.Claims;
using System.Security.Cryptography;
using DeployCode.ServiceDefaults;
using Microsoft.Extensions.Time.Testing;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace DeployCode.Services.Tests;

// What the gateway and the services remember between requests: a validated token until it expires, a session's
// answer until a change is heard of, and nothing they should not.
public sealed class SessionAndTokenCacheTests : IDisposable
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private readonly ECDsa _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public void Dispose() => _key.Dispose();

    [Fact]
    public async Task ASessionAnswerIsKeptUntilItsSessionOrUserChangesOrItExpires()
    {
        var sessions = new CountingSessions();
        var cache = new CachedSessionCheck(sessions, _time, TimeSpan.FromSeconds(10));
        cache.Hearing();

        await cache.CheckAsync("s1", "u1", Cancellation);
        await cache.CheckAsync("s1", "u1", Cancellation);
        Assert.Equal(1, sessions.Asked);

        sessions.Live = false;
        cache.ForgetSession("s1");
        Assert.False((await cache.CheckAsync("s1", "u1", Cancellation)).Live);
        Assert.Equal(2, sessions.Asked);

        sessions.Role = "viewer";
        cache.ForgetUser("u1");
        Assert.Equal("viewer", (await cache.CheckAsync("s1", "u1", Cancellation)).Role);

        _time.Advance(TimeSpan.FromSeconds(11));
        await cache.CheckAsync("s1", "u1", Cancellation);
        Assert.Equal(4, sessions.Asked);
    }

    [Fact]
    public async Task AnAnswerReadWhileAChangeIsHeardIsNotKeptAndNothingIsKeptWhileDeaf()
    {
        var sessions = new CountingSessions();
        var cache = new CachedSessionCheck(sessions, _time, TimeSpan.FromSeconds(10));
        cache.Hearing();

        // The sign-out is heard while a lookup that read "live" is still on its way back.
        sessions.During = () => cache.ForgetSession("s1");
        Assert.True((await cache.CheckAsync("s1", "u1", Cancellation)).Live);
        sessions.During = null;
        sessions.Live = false;
        Assert.False((await cache.CheckAsync("s1", "u1", Cancellation)).Live);

        cache.Deaf();
        await cache.CheckAsync("s2", "u2", Cancellation);
        await cache.CheckAsync("s2", "u2", Cancellation);
        Assert.Equal(4, sessions.Asked);
    }

    [Fact]
    public async Task AValidTokenIsValidatedOnceUntilItExpiresAndEachRequestGetsItsOwnIdentity()
    {
        var inner = new CountingHandler();
        using var cache = new ValidatedTokenCache(inner, _time);
        var parameters = Parameters();
        var token = Token(_time.GetUtcNow().AddMinutes(10));

        var first = await cache.ValidateTokenAsync(token, parameters);
        var second = await cache.ValidateTokenAsync(token, parameters);

        Assert.True(first.IsValid && second.IsValid);
        Assert.Equal(1, inner.Validated);
        Assert.NotSame(first.ClaimsIdentity, second.ClaimsIdentity);
        second.ClaimsIdentity.RemoveClaim(second.ClaimsIdentity.FindFirst("role"));
        Assert.Equal("operator", (await cache.ValidateTokenAsync(token, parameters)).ClaimsIdentity.FindFirst("role")?.Value);

        _time.Advance(TimeSpan.FromMinutes(11));
        Assert.False((await cache.ValidateTokenAsync(token, parameters)).IsValid);
        Assert.Equal(2, inner.Validated);
    }

    [Fact]
    public async Task AnInvalidTokenIsCheckedEveryTime()
    {
        var inner = new CountingHandler();
        using var cache = new ValidatedTokenCache(inner, _time);
        var forged = Token(_time.GetUtcNow().AddMinutes(10))[..^4] + "AAAA";

        Assert.False((await cache.ValidateTokenAsync(forged, Parameters())).IsValid);
        Assert.False((await cache.ValidateTokenAsync(forged, Parameters())).IsValid);
        Assert.Equal(2, inner.Validated);
    }

    private TokenValidationParameters Parameters() => new()
    {
        ValidIssuer = "auth",
        ValidAudience = "platform",
        IssuerSigningKey = new ECDsaSecurityKey(_key),
        ClockSkew = TimeSpan.Zero,
        LifetimeValidator = (_, expires, _, _) => expires > _time.GetUtcNow().UtcDateTime,
    };

    private string Token(DateTimeOffset expires) => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
    {
        Issuer = "auth",
        Audience = "platform",
        IssuedAt = _time.GetUtcNow().UtcDateTime.AddMinutes(-1),
        NotBefore = _time.GetUtcNow().UtcDateTime.AddMinutes(-1),
        Expires = expires.UtcDateTime,
        Claims = new Dictionary<string, object> { ["sub"] = "u1", ["role"] = "operator" },
        SigningCredentials = new SigningCredentials(new ECDsaSecurityKey(_key), SecurityAlgorithms.EcdsaSha256),
    });

    private sealed class CountingSessions : IPlatformSessionCheck
    {
        public int Asked { get; private set; }

        public bool Live { get; set; } = true;

        public string? Role { get; set; } = "operator";

        public Action? During { get; set; }

        public async Task<PlatformSessionState> CheckAsync(string sessionId, string userId, CancellationToken cancellationToken)
        {
            Asked++;
            var state = new PlatformSessionState(Live, Role);
            await Task.Yield();
            During?.Invoke();
            return state;
        }
    }

    private sealed class CountingHandler : TokenHandler
    {
        private readonly JsonWebTokenHandler _inner = new() { MapInboundClaims = false };

        public int Validated { get; private set; }

        public override Task<TokenValidationResult> ValidateTokenAsync(string token, TokenValidationParameters validationParameters)
        {
            Validated++;
            return _inner.ValidateTokenAsync(token, validationParameters);
        }
    }
}
