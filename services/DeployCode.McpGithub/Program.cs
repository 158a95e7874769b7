var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.Services.AddHealthChecks().AddAuthServiceKeys();

var app = builder.Build();
app.MapDefaultEndpoints();
await app.RunAsync();
