using System.Net;
using DeployCode.AuthService;
using DeployCode.AuthService.Endpoints;
using DeployCode.AuthService.Passwords;
using DeployCode.AuthService.Sessions;
using DeployCode.AuthService.Storage;
using DeployCode.AuthService.Tokens;
using DeployCode.ServiceDefaults;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Npgsql;
using StackExchange.Redis;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddPlatformAuthentication();
builder.AddNpgsqlDataSource("codedb");
builder.AddRedisClient("redis");
builder.Services.AddProblemDetails();
builder.Services.AddOptions<AuthOptions>().BindConfiguration(AuthOptions.SectionName);
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddSingleton<PasswordHasher>();
builder.Services.AddSingleton<UserStore>();
builder.Services.AddSingleton<RefreshTokenStore>();
builder.Services.AddSingleton<SessionStore>();
builder.Services.AddCachedSessionCheck<SessionStore>();
builder.Services.AddSingleton<LoginThrottle>();
builder.Services.AddSingleton<SigningKeyRing>();
builder.Services.AddSingleton<AccessTokenIssuer>();
builder.Services.AddSingleton<TokenGrant>();
builder.Services.AddHostedService<SigningKeyRotation>();

// auth-service validates its own tokens with the key ring in hand rather than fetching its own key set.
builder.Services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme).Configure<SigningKeyRing>((options, keys) =>
{
    options.MetadataAddress = string.Empty;
    options.TokenValidationParameters.IssuerSigningKeyResolver = (_, _, keyId, _) =>
        keys.Published.Where(key => keyId is null || key.KeyId == keyId);
});

var app = builder.Build();
// Redis connects while the rest of the start-up runs, not after it.
app.ConnectEarly<IConnectionMultiplexer>();

// Start-up in the order of the flow document: verify the database connection (and bring the schema up to date),
// initialise the JWT handler, then serve. A failure here ends the process with the reason in its log.
var options = app.Services.GetRequiredService<IOptions<AuthOptions>>().Value;
options.Validate();
var dataSource = app.Services.GetRequiredService<NpgsqlDataSource>();
await dataSource.PrepareAsync(app.Logger, app.Lifetime.ApplicationStopping);
await app.Services.GetRequiredService<UserStore>().EnsureServiceAccountsAsync(options, app.Logger, app.Lifetime.ApplicationStopping);
await app.Services.GetRequiredService<UserStore>().EnsureBootstrapAdminAsync(options, app.Logger, app.Lifetime.ApplicationStopping);
await app.Services.GetRequiredService<SigningKeyRing>().RefreshAsync(app.Lifetime.ApplicationStopping);
app.Logger.LogInformation("JWT handler ready: access tokens live {AccessTokenLifetime}, keys rotate every {KeyRotationPeriod}",
    options.AccessTokenLifetime, options.KeyRotationPeriod);

// Behind the gateway the caller's address arrives in X-Forwarded-For, believed only with the gateway's secret.
app.UseGatewayForwardedAddress(options.GatewaySecret);
app.UseStatusCodePages();
app.UsePlatformAuthentication();
app.MapDefaultEndpoints();
app.MapKeyEndpoints();
app.MapSignInEndpoints();
app.MapAccountEndpoints();

await app.RunAsync();
