using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using DeployCode.AuthService.Tokens;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace DeployCode.AppHost.Tests;

/// <summary>An access token with its refresh token, as auth-service hands them out.</summary>
internal sealed record TokenPair(string AccessToken, string RefreshToken);

/// <summary>
/// Accounts and tokens on a started platform: the first account (admin), users of each role, signing in, and tokens
/// forged to differ from a valid one in one way. Requests from a chosen loopback address (127.0.0.x) keep the
/// per-address limits of one test apart from the others.
/// </summary>
/// <param name="signingSecret">The platform's <c>jwt-signing-key</c>, to forge tokens with its real keys.</param>
internal sealed class PlatformIdentity(string? signingSecret = null) : IDisposable
{
    /// <summary>The gateway's limits on the test platform: low enough to reach, high enough for every other test.</summary>
    public const int PerUserLimit = 100;
    public const int PerAddressLimit = 300;
    public const string Password = "a long enough password";

    public static readonly Uri Gateway = new("http://127.0.0.1:8088/");
    public static readonly Uri AuthService = new("http://127.0.0.1:8000/");

    private static readonly string[] s_claims = ["sub", "name", "role", "sid", "jti"];

    private readonly SemaphoreSlim _adminGate = new(1, 1);
    private TokenPair? _admin;
    private int _users;

    /// <summary>A client from 127.0.0.1 to the gateway.</summary>
    public HttpClient Client { get; } = new() { BaseAddress = Gateway, Timeout = TimeSpan.FromSeconds(30) };

    public static void LimitGateway(IDistributedApplicationTestingBuilder builder) =>
        builder.CreateResourceBuilder(builder.Resources.OfType<ProjectResource>().Single(resource => resource.Name == "api-gateway"))
            .WithEnvironment("Gateway__PerUserRequestsPerMinute", PerUserLimit.ToString(CultureInfo.InvariantCulture))
            .WithEnvironment("Gateway__PerAddressRequestsPerMinute", PerAddressLimit.ToString(CultureInfo.InvariantCulture));

    /// <summary>A client whose connections come from <paramref name="source"/> (any 127.0.0.0/8 address works on Linux).</summary>
    public static HttpClient From(IPAddress source, Uri baseAddress) => new(new SocketsHttpHandler
    {
        ConnectCallback = async (context, cancellationToken) =>
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                socket.Bind(new IPEndPoint(source, 0));
                await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, context.DnsEndPoint.Port), cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    })
    { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };

    public static HttpRequestMessage Request(HttpMethod method, string path, string? accessToken, object? body = null)
    {
        var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative)) { Content = body is null ? null : JsonContent.Create(body) };
        if (accessToken is not null)
        {
            request.Headers.Authorization = new("Bearer", accessToken);
        }

        return request;
    }

    /// <summary>The first account, registered once per platform: it must come out as admin.</summary>
    public async Task<TokenPair> AdminAsync(CancellationToken cancellationToken)
    {
        await _adminGate.WaitAsync(cancellationToken);
        try
        {
            if (_admin is null)
            {
                using var response = await Client.PostAsJsonAsync("/auth/register", new { username = "first-admin", password = Password, role = "viewer" }, cancellationToken);
                Assert.Equal(HttpStatusCode.Created, response.StatusCode);
                Assert.Equal("admin", (await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken)).GetProperty("role").GetString());
                _admin = await SignInAsync("first-admin", cancellationToken);
            }

            return _admin;
        }
        finally
        {
            _adminGate.Release();
        }
    }

    /// <summary>A new account with <paramref name="role"/>, registered by the admin, and its user name.</summary>
    public async Task<string> NewUserAsync(string role, CancellationToken cancellationToken)
    {
        var admin = await AdminAsync(cancellationToken);
        var username = $"{role}-{Interlocked.Increment(ref _users)}";
        using var request = Request(HttpMethod.Post, "/auth/register", admin.AccessToken, new { username, password = Password, role });
        using var response = await Client.SendAsync(request, cancellationToken);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return username;
    }

    public async Task<TokenPair> SignInAsync(string username, CancellationToken cancellationToken)
    {
        using var response = await Client.PostAsJsonAsync("/auth/token", new { username, password = Password }, cancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
        Assert.Equal("Bearer", body.GetProperty("token_type").GetString());
        return new TokenPair(body.GetProperty("access_token").GetString()!, body.GetProperty("refresh_token").GetString()!);
    }

    /// <summary>Spends <paramref name="refreshToken"/> for a new pair; fails the test unless that works.</summary>
    public async Task<TokenPair> RefreshAsync(string refreshToken, CancellationToken cancellationToken)
    {
        using var response = await Client.PostAsJsonAsync("/auth/refresh", new Dictionary<string, string> { ["refresh_token"] = refreshToken }, cancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
        return new TokenPair(body.GetProperty("access_token").GetString()!, body.GetProperty("refresh_token").GetString()!);
    }

    /// <summary>The status of one request through the gateway.</summary>
    public Task<HttpStatusCode> StatusAsync(HttpMethod method, string path, string? accessToken, CancellationToken cancellationToken, object? body = null) =>
        StatusAsync(Client, method, path, accessToken, cancellationToken, body);

    public static async Task<HttpStatusCode> StatusAsync(
        HttpClient client, HttpMethod method, string path, string? accessToken, CancellationToken cancellationToken, object? body = null)
    {
        using var request = Request(method, path, accessToken, body);
        using var response = await client.SendAsync(request, cancellationToken);
        return response.StatusCode;
    }

    /// <summary>The key that signs now: the generation whose key id leads auth-service's key set.</summary>
    public async Task<ECDsaSecurityKey> SigningKeyAsync(CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(signingSecret);
        var keyIds = await PublishedKeyIdsAsync(cancellationToken);
        for (var generation = 1; generation <= 50; generation++)
        {
            var key = SigningKeyDerivation.Derive(signingSecret, generation);
            if (SigningKeyDerivation.KeyIdOf(key) == keyIds[0])
            {
                return new ECDsaSecurityKey(key) { KeyId = keyIds[0] };
            }
        }

        throw new InvalidOperationException($"No generation of the test's secret gives key {keyIds[0]}.");
    }

    public async Task<IReadOnlyList<string>> PublishedKeyIdsAsync(CancellationToken cancellationToken)
    {
        var keySet = await Client.GetFromJsonAsync<JsonElement>("/.well-known/jwks.json", cancellationToken);
        return [.. keySet.GetProperty("keys").EnumerateArray().Select(key => key.GetProperty("kid").GetString()!)];
    }

    /// <summary>
    /// <paramref name="valid"/>'s claims (so its session is live) under a descriptor <paramref name="change"/> may alter,
    /// signed with <paramref name="credentials"/>, or unsigned (<c>alg: none</c>) without.
    /// </summary>
    public static string Forge(string valid, SigningCredentials? credentials, Action<SecurityTokenDescriptor>? change = null)
    {
        var token = new JsonWebToken(valid);
        var now = DateTime.UtcNow;
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = token.Issuer,
            Audience = token.Audiences.Single(),
            IssuedAt = now,
            NotBefore = now,
            Expires = now.AddMinutes(5),
            Claims = s_claims.ToDictionary(name => name, name => (object)token.GetClaim(name).Value),
            SigningCredentials = credentials,
        };
        change?.Invoke(descriptor);
        return new JsonWebTokenHandler().CreateToken(descriptor);
    }

    /// <summary>HS256 with the public key as the HMAC secret: the classic key-confusion forgery.</summary>
    public static SigningCredentials KeyConfusion(ECDsaSecurityKey publicKey) =>
        new(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(Convert.ToBase64String(publicKey.ECDsa.ExportSubjectPublicKeyInfo()))) { KeyId = publicKey.KeyId },
            SecurityAlgorithms.HmacSha256);

    public void Dispose()
    {
        Client.Dispose();
        _adminGate.Dispose();
    }
}
