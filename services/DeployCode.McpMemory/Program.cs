using DeployCode.McpHosting;
using DeployCode.McpMemory;
using DeployCode.McpMemory.Graph;
using Npgsql;
using StackExchange.Redis;

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
// Redis connects while the rest of the start-up runs, not after it.
app.ConnectEarly<IConnectionMultiplexer>();

// The graph lives in PostgreSQL: its schema exists before the first request.
await app.Services.GetRequiredService<KnowledgeGraphStore>().CreateSchemaAsync(app.Lifetime.ApplicationStopping);

app.UsePlatformAuthentication();
app.MapDefaultEndpoints();
app.MapPlatformMcp();
await app.RunAsync();
