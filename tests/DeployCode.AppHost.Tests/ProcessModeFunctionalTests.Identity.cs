using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace DeployCode.AppHost.Tests;

// auth-service and api-gateway on the shared platform: real accounts in PostgreSQL, sessions in Redis, tokens
// validated at the gateway and by the services behind it.
public sealed partial class ProcessModeFunctionalTests
{
    private static readonly string[] s_roles = ["admin", "operator", "viewer"];

    private PlatformIdentity Identity => platform.Identity;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TheFirstUserBecomesAdminAndLaterRegistrationsNeedAnAdminsToken()
    {
        var admin = await Identity.AdminAsync(Cancellation);
        var viewer = await Identity.SignInAsync(await Identity.NewUserAsync("viewer", Cancellation), Cancellation);
        var newUser = new { username = "someone-new", password = PlatformIdentity.Password };

        using (var anonymous = await Identity.Client.PostAsJsonAsync("/auth/register", newUser, Cancellation))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        }

        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(HttpMethod.Post, "/auth/register", viewer.AccessToken, newUser));
        using var users = await SendAsync(HttpMethod.Get, "/auth/users", admin.AccessToken);
        var listed = (await users.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).EnumerateArray().ToDictionary(
            user => user.GetProperty("username").GetString()!, user => (Role: user.GetProperty("role").GetString(), Service: user.GetProperty("serviceAccount").GetBoolean()));
        Assert.Equal(("admin", false), listed["first-admin"]);
        Assert.DoesNotContain("someone-new", listed.Keys);
        Assert.All(listed.Values, user => Assert.Contains(user.Role, s_roles));
        // The deployment's verifier account existed before anyone registered, and first-admin still became admin.
        Assert.Equal(("operator", true), listed["deploy-code"]);
    }

    [Fact]
    public async Task BadInputGetsAProblemThatNamesEachField()
    {
        await Identity.AdminAsync(Cancellation);
        using var register = await Identity.Client.PostAsJsonAsync("/auth/register", new { username = "x", password = "short", role = "root" }, Cancellation);
        Assert.Equal(HttpStatusCode.BadRequest, register.StatusCode);
        Assert.Equal("application/problem+json", register.Content.Headers.ContentType?.MediaType);
        var errors = (await register.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("errors");
        Assert.Equal(["password", "role", "username"], errors.EnumerateObject().Select(field => field.Name).Order());

        using var token = await Identity.Client.PostAsJsonAsync("/auth/token", new { username = "first-admin" }, Cancellation);
        Assert.Equal(HttpStatusCode.BadRequest, token.StatusCode);
        Assert.Equal(["password"], (await token.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("errors").EnumerateObject().Select(field => field.Name));
    }

    [Fact]
    public async Task WrongCredentialsGetThe401WhicheverPartIsWrong()
    {
        var username = await Identity.NewUserAsync("viewer", Cancellation);
        using var wrongPassword = await Identity.Client.PostAsJsonAsync("/auth/token", new { username, password = "not the password at all" }, Cancellation);
        using var unknownUser = await Identity.Client.PostAsJsonAsync("/auth/token", new { username = "nobody-by-that-name", password = PlatformIdentity.Password }, Cancellation);

        Assert.Equal(HttpStatusCode.Unauthorized, wrongPassword.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, unknownUser.StatusCode);
        Assert.Equal(
            (await wrongPassword.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("detail").GetString(),
            (await unknownUser.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task ThirtyGuessesFromOneAddressAreThrottledThereAndTheRightPasswordFromAnotherSignsInAtOnce()
    {
        var username = await Identity.NewUserAsync("viewer", Cancellation);
        using (var attacker = PlatformIdentity.From(IPAddress.Parse("127.0.0.2"), PlatformIdentity.Gateway))
        {
            var statuses = new List<HttpStatusCode>();
            for (var attempt = 0; attempt < 30; attempt++)
            {
                using var guess = await attacker.PostAsJsonAsync("/auth/token", new { username, password = $"wrong password {attempt}" }, Cancellation);
                statuses.Add(guess.StatusCode);
                if (guess.StatusCode == HttpStatusCode.TooManyRequests)
                {
                    Assert.InRange(guess.Headers.RetryAfter?.Delta?.TotalSeconds ?? 0, 1, 15 * 60);
                }
            }

            Assert.Equal(Enumerable.Repeat(HttpStatusCode.Unauthorized, 5).Concat(Enumerable.Repeat(HttpStatusCode.TooManyRequests, 25)), statuses);
            // Throttled there even with the right password: a throttled try is never checked, so it tells nothing.
            using var throttled = await attacker.PostAsJsonAsync("/auth/token", new { username, password = PlatformIdentity.Password }, Cancellation);
            Assert.Equal(HttpStatusCode.TooManyRequests, throttled.StatusCode);
        }

        using var owner = PlatformIdentity.From(IPAddress.Parse("127.0.0.3"), PlatformIdentity.Gateway);
        using var signedIn = await owner.PostAsJsonAsync("/auth/token", new { username, password = PlatformIdentity.Password }, Cancellation);
        Assert.Equal(HttpStatusCode.OK, signedIn.StatusCode);
    }

    [Fact]
    public async Task GuessesFromManyAddressesSlowTheAccountDownWithoutLockingItOut()
    {
        var username = await Identity.NewUserAsync("viewer", Cancellation);
        for (var attempt = 0; attempt < 10; attempt++)
        {
            using var attacker = PlatformIdentity.From(IPAddress.Parse($"127.0.1.{10 + attempt}"), PlatformIdentity.Gateway);
            using var guess = await attacker.PostAsJsonAsync("/auth/token", new { username, password = $"wrong password {attempt}" }, Cancellation);
            Assert.Equal(HttpStatusCode.Unauthorized, guess.StatusCode);
        }

        using var owner = PlatformIdentity.From(IPAddress.Parse("127.0.1.99"), PlatformIdentity.Gateway);
        using var slowed = await owner.PostAsJsonAsync("/auth/token", new { username, password = PlatformIdentity.Password }, Cancellation);
        Assert.Equal(HttpStatusCode.TooManyRequests, slowed.StatusCode);
        var wait = slowed.Headers.RetryAfter?.Delta ?? TimeSpan.Zero;
        Assert.InRange(wait.TotalSeconds, 1, 30);

        // A delay, not a lock-out: once it has passed, the right password signs in.
        await Task.Delay(wait + TimeSpan.FromMilliseconds(200), Cancellation);
        using var signedIn = await owner.PostAsJsonAsync("/auth/token", new { username, password = PlatformIdentity.Password }, Cancellation);
        Assert.Equal(HttpStatusCode.OK, signedIn.StatusCode);
    }

    [Fact]
    public async Task TheDeploymentsServiceAccountIsNeverLockedOut()
    {
        using var client = PlatformIdentity.From(IPAddress.Parse("127.0.0.9"), PlatformIdentity.Gateway);
        for (var attempt = 0; attempt < 30; attempt++)
        {
            using var guess = await client.PostAsJsonAsync("/auth/token", new { username = "deploy-code", password = $"wrong password {attempt}" }, Cancellation);
            Assert.Equal(HttpStatusCode.Unauthorized, guess.StatusCode);
        }

        using var signedIn = await client.PostAsJsonAsync("/auth/token", new { username = "deploy-code", password = platform.Secrets["deploy-code-verifier-password"] }, Cancellation);
        Assert.Equal(HttpStatusCode.OK, signedIn.StatusCode);
    }

    [Fact]
    public async Task AForwardedForFromAnyoneButTheGatewayIsIgnored()
    {
        // Straight at auth-service from one local address, claiming a new one on every try: all are counted against it.
        using var client = PlatformIdentity.From(IPAddress.Parse("127.0.0.11"), PlatformIdentity.AuthService);
        var statuses = new List<HttpStatusCode>();
        for (var attempt = 0; attempt < 21; attempt++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/auth/token") { Content = JsonContent.Create(new { username = $"nobody-{attempt}", password = "a guessed password" }) };
            request.Headers.Add("X-Forwarded-For", $"203.0.113.{attempt + 1}");
            request.Headers.Add("X-DeployCode-Gateway", "not the gateway's secret, but long enough to look like it");
            using var answer = await client.SendAsync(request, Cancellation);
            statuses.Add(answer.StatusCode);
        }

        Assert.Equal(Enumerable.Repeat(HttpStatusCode.Unauthorized, 20).Append(HttpStatusCode.TooManyRequests), statuses);
    }

    [Fact]
    public async Task RepeatedFailuresFromOneAddressGet429ForEveryAccount()
    {
        await Identity.AdminAsync(Cancellation);
        using var client = PlatformIdentity.From(IPAddress.Parse("127.0.0.5"), PlatformIdentity.Gateway);
        for (var attempt = 0; attempt < 20; attempt++)
        {
            using var failure = await client.PostAsJsonAsync("/auth/token", new { username = $"guess-{attempt}", password = "a guessed password" }, Cancellation);
            Assert.Equal(HttpStatusCode.Unauthorized, failure.StatusCode);
        }

        using var throttled = await client.PostAsJsonAsync("/auth/token", new { username = "first-admin", password = PlatformIdentity.Password }, Cancellation);
        Assert.Equal(HttpStatusCode.TooManyRequests, throttled.StatusCode);
        Assert.NotNull(throttled.Headers.RetryAfter);

        // Another address is not held by this one's failures.
        Assert.NotNull(await Identity.SignInAsync("first-admin", Cancellation));
    }

    [Fact]
    public async Task RefreshTokensRotateAndReusingOneRevokesTheWholeSession()
    {
        var tokens = await Identity.SignInAsync(await Identity.NewUserAsync("viewer", Cancellation), Cancellation);
        var next = await RefreshAsync(tokens.RefreshToken, HttpStatusCode.OK);
        Assert.NotEqual(tokens.RefreshToken, next!.RefreshToken);
        AssertPastTheDoor(await StatusAsync(HttpMethod.Get, "/mcp/memory", next.AccessToken));

        // The spent token comes back: someone holds a copy. Every token of the session stops working.
        await RefreshAsync(tokens.RefreshToken, HttpStatusCode.Unauthorized);
        await RefreshAsync(next.RefreshToken, HttpStatusCode.Unauthorized);
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(HttpMethod.Get, "/mcp/memory", next.AccessToken));
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(HttpMethod.Get, "/auth/me", tokens.AccessToken));
    }

    [Fact]
    public async Task LoggingOutEndsTheSessionAtTheGatewayAndForRefreshing()
    {
        var username = await Identity.NewUserAsync("viewer", Cancellation);
        var tokens = await Identity.SignInAsync(username, Cancellation);
        var other = await Identity.SignInAsync(username, Cancellation);
        using (var me = await SendAsync(HttpMethod.Get, "/auth/me", tokens.AccessToken))
        {
            Assert.Equal(username, (await me.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("username").GetString());
        }

        Assert.Equal(HttpStatusCode.NoContent, await StatusAsync(HttpMethod.Post, "/auth/logout", tokens.AccessToken));

        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(HttpMethod.Get, "/auth/me", tokens.AccessToken));
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(HttpMethod.Get, "/experts", tokens.AccessToken));
        await RefreshAsync(tokens.RefreshToken, HttpStatusCode.Unauthorized);
        // Only that session: the same user's other sign-in still works.
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(HttpMethod.Get, "/auth/me", other.AccessToken));
    }

    [Fact]
    public async Task RolesAreEnforcedPerRouteAndARoleChangeTakesEffectWithTheNextToken()
    {
        var admin = await Identity.AdminAsync(Cancellation);
        var username = await Identity.NewUserAsync("viewer", Cancellation);
        var viewer = await Identity.SignInAsync(username, Cancellation);

        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(HttpMethod.Get, "/auth/users", viewer.AccessToken));
        AssertPastTheDoor(await StatusAsync(HttpMethod.Post, "/mcp/filesystem", viewer.AccessToken));
        Assert.DoesNotContain("execute_command", await BashGodToolsAsync(viewer.AccessToken));

        Assert.Equal(HttpStatusCode.OK, await StatusAsync(HttpMethod.Put, $"/auth/users/{username}/role", admin.AccessToken, new { role = "operator" }));
        var operatorTokens = await RefreshAsync(viewer.RefreshToken, HttpStatusCode.OK);
        Assert.Contains("execute_command", await BashGodToolsAsync(operatorTokens!.AccessToken));

        Assert.Equal(HttpStatusCode.Conflict, await StatusAsync(HttpMethod.Put, "/auth/users/first-admin/role", admin.AccessToken, new { role = "viewer" }));
        Assert.Equal(HttpStatusCode.BadRequest, await StatusAsync(HttpMethod.Put, $"/auth/users/{username}/role", admin.AccessToken, new { role = "root" }));
    }

    private static async Task<string[]> BashGodToolsAsync(string accessToken)
    {
        await using var client = await McpClientAsync("/mcp/bashgod", accessToken);
        return [.. (await client.ListToolsAsync(cancellationToken: Cancellation)).Select(tool => tool.Name)];
    }

    [Fact]
    public async Task ForgedTokensAreRefusedAtTheGatewayAndByEachServiceDirectly()
    {
        var valid = (await Identity.SignInAsync(await Identity.NewUserAsync("operator", Cancellation), Cancellation)).AccessToken;
        var realKey = await Identity.SigningKeyAsync(Cancellation);
        using var strangerKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var realCredentials = new SigningCredentials(realKey, SecurityAlgorithms.EcdsaSha256);
        var forged = new Dictionary<string, string>
        {
            ["another key"] = PlatformIdentity.Forge(valid, new SigningCredentials(new ECDsaSecurityKey(strangerKey) { KeyId = realKey.KeyId }, SecurityAlgorithms.EcdsaSha256)),
            ["alg none"] = PlatformIdentity.Forge(valid, credentials: null),
            ["HS256 with the public key"] = PlatformIdentity.Forge(valid, PlatformIdentity.KeyConfusion(realKey)),
            ["expired"] = PlatformIdentity.Forge(valid, realCredentials, token => (token.IssuedAt, token.NotBefore, token.Expires) =
                (DateTime.UtcNow.AddMinutes(-20), DateTime.UtcNow.AddMinutes(-20), DateTime.UtcNow.AddMinutes(-5))),
            ["another audience"] = PlatformIdentity.Forge(valid, realCredentials, token => token.Audience = "somewhere-else"),
            ["another issuer"] = PlatformIdentity.Forge(valid, realCredentials, token => token.Issuer = "http://evil.example"),
            ["tampered role"] = TamperedPayload(valid, "\"role\":\"operator\"", "\"role\":\"admin\""),
        };
        // The control: the same forging with nothing changed is accepted, so each refusal is for its one difference.
        var control = PlatformIdentity.Forge(valid, realCredentials);

        var targets = new (string Name, Uri Address, string Path)[]
        {
            ("gateway", PlatformIdentity.Gateway, "/mcp/memory"),
            ("mcp-memory directly", new Uri("http://127.0.0.1:3003/"), "/mcp"),
            ("circle-of-experts directly", new Uri("http://127.0.0.1:8080/"), "/experts"),
            ("auth-service directly", PlatformIdentity.AuthService, "/auth/me"),
        };
        foreach (var (name, address, path) in targets)
        {
            using var client = new HttpClient { BaseAddress = address };
            Assert.NotEqual(HttpStatusCode.Unauthorized, await StatusAsync(client, HttpMethod.Get, path, control));
            Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(client, HttpMethod.Get, path, accessToken: null));
            foreach (var (forgery, token) in forged)
            {
                Assert.True(await StatusAsync(client, HttpMethod.Get, path, token) == HttpStatusCode.Unauthorized, $"{name} accepted a token with {forgery}");
            }
        }
    }

    [Fact]
    public async Task RotatingTheSigningKeyKeepsTokensSignedBeforeValidUntilTheyExpire()
    {
        var admin = await Identity.AdminAsync(Cancellation);
        var before = await Identity.SignInAsync(await Identity.NewUserAsync("viewer", Cancellation), Cancellation);
        var published = await Identity.PublishedKeyIdsAsync(Cancellation);

        using var rotate = await SendAsync(HttpMethod.Post, "/auth/keys/rotate", admin.AccessToken);
        Assert.Equal(HttpStatusCode.OK, rotate.StatusCode);
        var signingKeyId = (await rotate.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("signingKeyId").GetString();
        // The next key was published before it signed anything, so validators knew it already.
        Assert.Equal(published[1], signingKeyId);
        Assert.Contains(new JsonWebToken(before.AccessToken).Kid, await Identity.PublishedKeyIdsAsync(Cancellation));

        var after = await Identity.SignInAsync("first-admin", Cancellation);
        Assert.Equal(signingKeyId, new JsonWebToken(after.AccessToken).Kid);
        foreach (var token in new[] { before.AccessToken, after.AccessToken })
        {
            AssertPastTheDoor(await StatusAsync(HttpMethod.Get, "/mcp/memory", token));
            using var direct = new HttpClient { BaseAddress = new Uri("http://127.0.0.1:3001/") };
            AssertPastTheDoor(await StatusAsync(direct, HttpMethod.Get, "/mcp", token));
        }
    }

    [Fact]
    public async Task TheGatewayLimitsRequestsPerUserAndPerAddress()
    {
        var tokens = await Identity.SignInAsync(await Identity.NewUserAsync("viewer", Cancellation), Cancellation);
        using (var fromUser = PlatformIdentity.From(IPAddress.Parse("127.0.0.6"), PlatformIdentity.Gateway))
        {
            var statuses = new List<HttpStatusCode>();
            for (var i = 0; i <= PlatformIdentity.PerUserLimit; i++)
            {
                using var request = PlatformIdentity.Request(HttpMethod.Get, "/experts", tokens.AccessToken);
                using var response = await fromUser.SendAsync(request, Cancellation);
                statuses.Add(response.StatusCode);
                if (response.StatusCode == HttpStatusCode.TooManyRequests)
                {
                    Assert.NotNull(response.Headers.RetryAfter);
                }
            }

            Assert.DoesNotContain(HttpStatusCode.TooManyRequests, statuses.Take(PlatformIdentity.PerUserLimit - 5));
            Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);
        }

        // The same user from another address is still limited: the allowance follows the user.
        using (var elsewhere = PlatformIdentity.From(IPAddress.Parse("127.0.0.7"), PlatformIdentity.Gateway))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, await StatusAsync(elsewhere, HttpMethod.Get, "/experts", tokens.AccessToken));
        }

        using var fromAddress = PlatformIdentity.From(IPAddress.Parse("127.0.0.8"), PlatformIdentity.Gateway);
        var anonymous = new List<HttpStatusCode>();
        for (var i = 0; i <= PlatformIdentity.PerAddressLimit; i++)
        {
            anonymous.Add(await StatusAsync(fromAddress, HttpMethod.Get, "/.well-known/jwks.json", accessToken: null));
        }

        Assert.DoesNotContain(HttpStatusCode.TooManyRequests, anonymous.Take(PlatformIdentity.PerAddressLimit - 5));
        Assert.Equal(HttpStatusCode.TooManyRequests, anonymous[^1]);
        // Health is never rate limited: the orchestrator and probes must always get through.
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(fromAddress, HttpMethod.Get, "/health", accessToken: null));
    }

    [Fact]
    public async Task TheGatewayRefusesOversizedBodiesBeforeForwardingThem()
    {
        var tokens = await Identity.SignInAsync(await Identity.NewUserAsync("viewer", Cancellation), Cancellation);
        using var request = PlatformIdentity.Request(HttpMethod.Post, "/mcp/filesystem", tokens.AccessToken);
        request.Content = new ByteArrayContent(new byte[(16 * 1024 * 1024) + 1]);
        // As large uploads do: the answer comes before the body is sent, instead of a reset half-way through it.
        request.Headers.ExpectContinue = true;
        using var response = await Identity.Client.SendAsync(request, Cancellation);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("Gateway:MaxRequestBodyBytes", await response.Content.ReadAsStringAsync(Cancellation), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CorrelationIdsAndTraceContextCrossTheGatewayHop()
    {
        await Identity.AdminAsync(Cancellation);
        var traceId = ActivityTraceIdHex();
        using var request = PlatformIdentity.Request(HttpMethod.Post, "/auth/token", accessToken: null, body: new { username = "first-admin" });
        request.Headers.Add("traceparent", $"00-{traceId}-{ActivityTraceIdHex()[..16]}-01");
        request.Headers.Add("X-Correlation-Id", "test-correlation-42");
        using var response = await Identity.Client.SendAsync(request, Cancellation);

        // The 400 comes from auth-service: its problem carries the trace id auth-service saw, so the context crossed.
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var upstreamTrace = (await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("traceId").GetString();
        Assert.StartsWith($"00-{traceId}-", upstreamTrace, StringComparison.Ordinal);
        Assert.Equal(["test-correlation-42"], response.Headers.GetValues("X-Correlation-Id"));

        using var generated = await Identity.Client.GetAsync(new Uri("/.well-known/jwks.json", UriKind.Relative), Cancellation);
        Assert.Matches("^[0-9a-f]{32}$", Assert.Single(generated.Headers.GetValues("X-Correlation-Id")));
    }

    [Fact]
    public async Task TheGatewaysHealthNamesEveryUpstream()
    {
        using var response = await Identity.Client.GetAsync(new Uri("/health", UriKind.Relative), Cancellation);
        var checks = (await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("checks");
        foreach (var upstream in new[] { "auth-service", "circle-of-experts", "mcp-filesystem", "mcp-github", "mcp-memory", "mcp-bashgod" })
        {
            Assert.Equal("Healthy", checks.GetProperty(upstream).GetProperty("status").GetString());
        }
    }

    private async Task<TokenPair?> RefreshAsync(string refreshToken, HttpStatusCode expected)
    {
        if (expected == HttpStatusCode.OK)
        {
            return await Identity.RefreshAsync(refreshToken, Cancellation);
        }

        using var response = await Identity.Client.PostAsJsonAsync("/auth/refresh", new Dictionary<string, string> { ["refresh_token"] = refreshToken }, Cancellation);
        Assert.Equal(expected, response.StatusCode);
        return null;
    }

    private Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? accessToken, object? body = null)
    {
        using var request = PlatformIdentity.Request(method, path, accessToken, body);
        return Identity.Client.SendAsync(request, Cancellation);
    }

    private Task<HttpStatusCode> StatusAsync(HttpMethod method, string path, string? accessToken, object? body = null) =>
        Identity.StatusAsync(method, path, accessToken, Cancellation, body);

    private static Task<HttpStatusCode> StatusAsync(HttpClient client, HttpMethod method, string path, string? accessToken) =>
        PlatformIdentity.StatusAsync(client, method, path, accessToken, Cancellation);

    /// <summary>Let through by authentication and authorization: whatever the service then answers, it is not a refusal of the token.</summary>
    private static void AssertPastTheDoor(HttpStatusCode status) =>
        Assert.True(status is not (HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden) && (int)status < 500, $"answered {(int)status}");

    private static string TamperedPayload(string token, string from, string to)
    {
        var parts = token.Split('.');
        var payload = System.Text.Encoding.UTF8.GetString(Base64UrlEncoder.DecodeBytes(parts[1])).Replace(from, to, StringComparison.Ordinal);
        Assert.Contains(to, payload, StringComparison.Ordinal);
        return $"{parts[0]}.{Base64UrlEncoder.Encode(payload)}.{parts[2]}";
    }

    private static string ActivityTraceIdHex() => Convert.ToHexString(RandomNumberGenerator.GetBytes(16)).ToLowerInvariant();
}
