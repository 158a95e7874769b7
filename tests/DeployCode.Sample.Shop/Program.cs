// One of the sample shop's services, the one Shop:Role names. Each answers /health and /alive; orders asks the
// catalog (the address Aspire gives it by reference) before it answers /orders.

var builder = WebApplication.CreateSlimBuilder(args);
builder.Services.AddHttpClient();
var app = builder.Build();
var role = app.Configuration["Shop:Role"] ?? throw new InvalidOperationException("Shop:Role is not set: give catalog, orders or reports.");

app.MapGet("/health", () => Results.Text("healthy"));
app.MapGet("/alive", () => Results.Text("alive"));
app.MapGet("/", () => Results.Text(role));
app.MapGet("/orders", async (IHttpClientFactory clients, IConfiguration configuration, CancellationToken cancellationToken) =>
{
    var catalog = configuration["services:catalog:http:0"];
    if (role != "orders" || catalog is null)
    {
        return Results.NotFound();
    }

    using var client = clients.CreateClient();
    client.Timeout = TimeSpan.FromSeconds(5);
    var items = await client.GetStringAsync(new Uri(new Uri(catalog), "/"), cancellationToken);
    return Results.Text($"orders of {items}");
});

app.Run();
