var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddPlatformAuthentication();
builder.Services.AddHealthChecks().AddAuthServiceKeys();

var app = builder.Build();
app.UsePlatformAuthentication();
app.MapDefaultEndpoints();
await app.RunAsync();
