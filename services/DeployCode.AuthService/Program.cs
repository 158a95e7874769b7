using DeployCode.AuthService;
using Npgsql;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddNpgsqlDataSource("codedb");
builder.AddRedisClient("redis");
builder.Services.AddSingleton(services => SigningKeys.FromConfiguration(services.GetRequiredService<IConfiguration>()));

var app = builder.Build();

// Start-up in the order of the flow document: verify the database connection, initialise the JWT
// handler, then start serving. A failure here ends the process with the reason in its log.
await app.Services.GetRequiredService<NpgsqlDataSource>().VerifyConnectionAsync(app.Logger, app.Lifetime.ApplicationStopping);
var keys = app.Services.GetRequiredService<SigningKeys>();
app.Logger.LogInformation("JWT signing key {KeyId} ready", keys.KeyId);

app.MapDefaultEndpoints();
app.MapGet("/.well-known/jwks.json", (SigningKeys signingKeys) => Results.Json(signingKeys.ToJsonWebKeySet()));

await app.RunAsync();
