using DeployCode.CircleOfExperts;
using DeployCode.CircleOfExperts.Endpoints;
using DeployCode.CircleOfExperts.Experts;
using DeployCode.CircleOfExperts.Queries;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddPlatformAuthentication();
builder.AddNpgsqlDataSource("codedb");
builder.AddRedisClient("redis");
builder.Services.AddProblemDetails();
builder.Services.AddOptions<CircleOptions>().BindConfiguration(CircleOptions.SectionName);
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddSingleton(ExpertCatalog.Read(builder.Configuration));
builder.Services.AddHttpClient(ExpertClients.HttpClientName);
builder.Services.AddSingleton<ExpertMetrics>();
builder.Services.AddSingleton<ExpertClients>();
builder.Services.AddSingleton<ExpertCircuits>();
builder.Services.AddSingleton<ExpertAvailability>();
builder.Services.AddHostedService<ExpertAvailabilityProbe>();
builder.Services.AddSingleton<ExpertConsultation>();
builder.Services.AddSingleton<QueryStore>();
builder.Services.AddSingleton<AnswerCache>();
builder.Services.AddSingleton<ExpertCircle>();
builder.Services.AddHostedService(services => services.GetRequiredService<ExpertCircle>());

// The GenAI spans and metrics of every expert call, and the circle's own cost and latency metrics.
builder.Services.AddOpenTelemetry()
    .WithTracing(tracing => tracing.AddSource(ExpertClients.TelemetrySource, ExpertCircle.Activities.Name))
    .WithMetrics(metrics => metrics.AddMeter(ExpertClients.TelemetrySource, ExpertMetrics.MeterName));

builder.Services.AddHealthChecks()
    .AddAuthServiceKeys()
    .AddCheck<ExpertsHealthCheck>("experts")
    .AddPlatformService("mcp-memory");

var app = builder.Build();
// Redis connects while the rest of the start-up runs, not after it.
app.ConnectEarly<IConnectionMultiplexer>();

// Start-up as the flow document has it: the database, then the experts (keys, endpoints), then serve.
var problems = app.Services.GetRequiredService<IOptions<CircleOptions>>().Value.Problems().ToArray();
if (problems.Length > 0)
{
    throw new InvalidOperationException("The Circle settings cannot be used: " + string.Join("; ", problems));
}

await app.Services.GetRequiredService<QueryStore>().PrepareAsync(app.Logger, app.Lifetime.ApplicationStopping);
await app.Services.GetRequiredService<ExpertAvailability>().CheckAllAsync(app.Lifetime.ApplicationStopping);

// Every refusal the framework itself makes (a 404, a 405) comes with a problem body too.
app.UseStatusCodePages();
app.UsePlatformAuthentication();
app.MapDefaultEndpoints();
app.MapExpertEndpoints();
await app.RunAsync();
