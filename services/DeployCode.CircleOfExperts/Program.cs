var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddRedisClient("redis");
builder.Services.AddHealthChecks()
    .AddAuthServiceKeys()
    .AddPlatformService("mcp-memory");

var app = builder.Build();
app.MapDefaultEndpoints();
await app.RunAsync();
