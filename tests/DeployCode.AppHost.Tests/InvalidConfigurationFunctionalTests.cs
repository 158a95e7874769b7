using Aspire.Hosting;
using DeployCode.Orchestrator.Configuration;

namespace DeployCode.AppHost.Tests;

/// <summary>An invalid configuration, through DCP: every problem reported at once, and nothing started.</summary>
[Collection(PlatformTestGroup.Name)]
public sealed class InvalidConfigurationFunctionalTests : IDisposable
{
    private readonly StateFolder _state = new();

    public void Dispose() => _state.Dispose();

    [Fact]
    public async Task EveryProblemIsReportedAtOnceAndNothingStarts()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        using var events = new ResourceEventLog();
        Dictionary<string, string> secrets = PlatformLauncher.NewSecrets();
        var app = await PlatformLauncher.BuildAsync(
            _state.Path,
            secrets,
            events,
            cancellationToken,
            "DeployCode:Services:redis:Cpu=-1",
            "DeployCode:Services:vector-store:Cpu=1",
            "DeployCode:Services:auth-service:Port=3001");
        await using (app)
        {
            var thrown = await Assert.ThrowsAnyAsync<Exception>(
                () => app.StartAsync(cancellationToken).WaitAsync(PlatformLauncher.StartTimeout, cancellationToken));

            // Aspire's eventing gathers what its handlers throw into an AggregateException.
            IEnumerable<Exception> raised = thrown is AggregateException aggregate ? aggregate.Flatten().InnerExceptions : [thrown];
            var error = Assert.Single(raised.OfType<DeployCodeConfigurationException>());

            Assert.Contains("DeployCode:Services:redis:Cpu", error.Message, StringComparison.Ordinal);
            Assert.Contains("DeployCode:Services:vector-store", error.Message, StringComparison.Ordinal);
            Assert.Contains("DeployCode:Services:auth-service:Port", error.Message, StringComparison.Ordinal);
            Assert.Contains("DeployCode:Services:mcp-filesystem:Port", error.Message, StringComparison.Ordinal);
        }

        Assert.DoesNotContain(events.Changes, change => change.StartedAt is not null);
        Assert.Empty(LocalProcesses.Find([], _state.Path));
    }
}
