using DeployCode.McpHosting;
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

builder.AddPlatformMcpServer<MemoryTools>("mcp-memory");

var app = builder.Build();

// The graph lives in PostgreSQL: its schema exists before the first request.
await app.Services.GetRequiredService<KnowledgeGraphStore>().CreateSchemaAsync(app.Lifetime.ApplicationStopping);

app.UsePlatformAuthentication();
app.MapDefaultEndpoints();
app.MapPlatformMcp();
await app.RunAsync();
