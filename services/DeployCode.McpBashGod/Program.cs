var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddPlatformAuthentication();

// Commands run in per-session folders under this one; the AppHost gives it under its state folder.
var workRoot = builder.Configuration["BashGod:WorkRoot"];
if (string.IsNullOrEmpty(workRoot))
{
    throw new InvalidOperationException("BashGod:WorkRoot must name the folder commands run in (BashGod__WorkRoot=/path).");
}

Directory.CreateDirectory(workRoot);
builder.Services.AddHealthChecks()
    .AddAuthServiceKeys()
    .AddWritableDirectory("work-root", workRoot);

var app = builder.Build();
app.UsePlatformAuthentication();
app.MapDefaultEndpoints();
await app.RunAsync();
