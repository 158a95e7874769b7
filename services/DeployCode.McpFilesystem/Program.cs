var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddPlatformAuthentication();

// The folders the file tools are confined to; the AppHost gives one under its state folder.
var roots = builder.Configuration.GetSection("Filesystem:Roots").Get<string[]>() ?? [];
if (roots.Length == 0)
{
    throw new InvalidOperationException("Filesystem:Roots must name at least one folder (Filesystem__Roots__0=/path).");
}

var checks = builder.Services.AddHealthChecks().AddAuthServiceKeys();
for (var i = 0; i < roots.Length; i++)
{
    Directory.CreateDirectory(roots[i]);
    checks.AddWritableDirectory($"root-{i}", roots[i]);
}

var app = builder.Build();
app.UsePlatformAuthentication();
app.MapDefaultEndpoints();
await app.RunAsync();
