var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();

// The gateway is ready when the upstreams it routes to are.
builder.Services.AddHealthChecks()
    .AddPlatformService("auth-service")
    .AddPlatformService("circle-of-experts");

var app = builder.Build();
app.MapDefaultEndpoints();
await app.RunAsync();
