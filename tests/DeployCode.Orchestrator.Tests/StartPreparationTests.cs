using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;

namespace DeployCode.Orchestrator.Tests;

public sealed class StartPreparationTests
{
    private static readonly IServiceProvider s_services = new ServiceCollection().BuildServiceProvider();

    [Fact]
    public async Task TheFirstStartAwaitsThePreparationBegunEarlyAndEveryLaterStartPreparesAgain()
    {
        var runs = 0;
        var release = new TaskCompletionSource();
        var preparation = new PlatformStartPreparationAnnotation(async (_, _) =>
        {
            Interlocked.Increment(ref runs);
            await release.Task;
        });

        preparation.BeginEarly(s_services, CancellationToken.None);
        preparation.BeginEarly(s_services, CancellationToken.None);
        var first = preparation.PrepareForStartAsync(s_services, CancellationToken.None);
        Assert.False(first.IsCompleted);
        release.SetResult();
        await first.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        Assert.Equal(1, runs);

        await preparation.PrepareForStartAsync(s_services, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        Assert.Equal(2, runs);
    }

    [Fact]
    public async Task AFailureOfThePreparationBegunEarlyFailsTheFirstStart()
    {
        var preparation = new PlatformStartPreparationAnnotation((_, _) => throw new InvalidOperationException("initdb failed with exit code 1"));

        preparation.BeginEarly(s_services, CancellationToken.None);

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => preparation.PrepareForStartAsync(s_services, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken));
        Assert.Contains("initdb", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithoutAnEarlyBeginTheStartPreparesItself()
    {
        var runs = 0;
        var preparation = new PlatformStartPreparationAnnotation((_, _) => { runs++; return Task.CompletedTask; });

        await preparation.PrepareForStartAsync(s_services, CancellationToken.None);

        Assert.Equal(1, runs);
    }
}
