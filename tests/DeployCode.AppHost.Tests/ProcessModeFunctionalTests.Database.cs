using Aspire.Hosting.Testing;
using Npgsql;

namespace DeployCode.AppHost.Tests;

// The services over PostgreSQL ending their connections, as a restart or a failover does: the next request is
// served, not a 500 from a pooled connection that is already gone.
public sealed partial class ProcessModeFunctionalTests
{
    [Fact]
    public async Task TheFirstRequestsAfterPostgreSqlEndedEveryConnectionSucceed()
    {
        var username = await Identity.NewUserAsync("viewer", Cancellation);
        var tokens = await Identity.SignInAsync(username, Cancellation);
        await using (var client = await McpClientAsync("/mcp/memory", tokens.AccessToken))
        {
            await CallAsync(client, "read_graph", new { });
        }

        // auth-service and mcp-memory each keep pooled connections now; the server ends every one of them.
        await using (var database = new NpgsqlConnection(await platform.App.GetConnectionStringAsync("codedb", Cancellation)))
        {
            await database.OpenAsync(Cancellation);
            await using var terminate = new NpgsqlCommand(
                "select count(pg_terminate_backend(pid)) from pg_stat_activity where pid <> pg_backend_pid() and backend_type = 'client backend'", database);
            Assert.True((long)(await terminate.ExecuteScalarAsync(Cancellation))! >= 2, "auth-service and mcp-memory held no connection to end");
        }

        // Once each, no retries: the user's first request after the outage is the one that must work.
        await Identity.SignInAsync(username, Cancellation);
        await using (var client = await McpClientAsync("/mcp/memory", tokens.AccessToken))
        {
            await CallAsync(client, "read_graph", new { });
        }
    }
}
