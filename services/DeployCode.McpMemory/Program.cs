using DeployCode.McpMemory;
using DeployCode.McpMemory.Graph;
using Npgsql;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddPlatformAuthentication();
builder.AddNpgsqlDataSource("codedb");
builder.AddRedisClient("redis");
builder.Services.AddHealthChecks().AddAuthServiceKeys();
builder.Services.AddSingleton<KnowledgeGraphStore>();
builder.Services.AddSingleton<GraphReadCache>();

// Stateless streamable HTTP: every request stands alone, so any replica can answer it.
builder.Services.AddMcpServer(server => server.ServerInfo = new() { Name = "mcp-memory", Version = "1.0.0" })
    .WithHttpTransport(transport => transport.Stateless = true)
    .WithTools<MemoryTools>();

var app = builder.Build();

// The graph lives in PostgreSQL: its schema exists before the first request.
await app.Services.GetRequiredService<KnowledgeGraphStore>().CreateSchemaAsync(app.Lifetime.ApplicationStopping);

app.UsePlatformAuthentication();
app.MapDefaultEndpoints();
app.MapMcp("/mcp");
await app.RunAsync();
