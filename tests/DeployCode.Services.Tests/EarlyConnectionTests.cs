using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DeployCode.Services.Tests;

public sealed class EarlyConnectionTests
{
    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task TheClientIsBuiltBeforeAnyoneAsksForItAndItsFirstUseGetsThatOne()
    {
        var built = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var builds = 0;
        using var app = Host(services => services.AddSingleton(_ =>
        {
            Interlocked.Increment(ref builds);
            built.TrySetResult();
            return new SlowClient();
        }));

        app.ConnectEarly<SlowClient>();

        await built.Task.WaitAsync(s_wait, TestContext.Current.CancellationToken);
        Assert.Same(app.Services.GetRequiredService<SlowClient>(), app.Services.GetRequiredService<SlowClient>());
        Assert.Equal(1, builds);
    }

    [Fact]
    public async Task AFailedEarlyConnectIsLoggedAndTheFirstUseBuildsTheClientAgain()
    {
        var attempts = 0;
        var logs = new WarningWatcher("redis:6379 refused the connection");
        using var app = Host(services =>
        {
            services.AddLogging(logging => logging.AddProvider(logs));
            services.AddSingleton(_ => Interlocked.Increment(ref attempts) == 1
                ? throw new InvalidOperationException("redis:6379 refused the connection")
                : new SlowClient());
        });

        app.ConnectEarly<SlowClient>();

        var warning = await logs.Seen.WaitAsync(s_wait, TestContext.Current.CancellationToken);
        Assert.Contains(nameof(SlowClient), warning, StringComparison.Ordinal);
        Assert.NotNull(app.Services.GetRequiredService<SlowClient>());
        Assert.Equal(2, attempts);
    }

    private static IHost Host(Action<IServiceCollection> configure)
    {
        var builder = new HostApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        configure(builder.Services);
        return builder.Build();
    }

    private sealed class SlowClient;

    /// <summary>Completes <see cref="Seen"/> with the first warning that contains the given text.</summary>
    private sealed class WarningWatcher(string text) : ILoggerProvider, ILogger
    {
        private readonly TaskCompletionSource<string> _seen = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task<string> Seen => _seen.Task;

        public ILogger CreateLogger(string categoryName) => this;

        public void Dispose()
        {
        }

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var message = formatter(state, exception);
            if (IsEnabled(logLevel) && message.Contains(text, StringComparison.Ordinal))
            {
                _seen.TrySetResult(message);
            }
        }
    }
}
