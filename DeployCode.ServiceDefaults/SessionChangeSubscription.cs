using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace DeployCode.ServiceDefaults;

/// <summary>Keeps <see cref="CachedSessionCheck"/> subscribed to <see cref="SessionChangeFeed"/> while the service runs.</summary>
internal sealed class SessionChangeSubscription(IConnectionMultiplexer redis, CachedSessionCheck cache, ILogger<SessionChangeSubscription> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        SessionChangeFeed.SubscribeAsync(redis, cache,
            exception => logger.LogWarning("Not subscribed to session changes yet ({Message}); every request asks Redis meanwhile", exception.Message),
            stoppingToken);
}

/// <summary>Registers the session check of a service that reads sessions from Redis, with its cache.</summary>
public static class CachedSessionCheckExtensions
{
    /// <summary>How long a session's answer is kept when no change message says otherwise.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(10);

    /// <summary>
    /// <typeparamref name="TInner"/> (registered by the caller) as the service's <see cref="IPlatformSessionCheck"/>,
    /// behind a <see cref="CachedSessionCheck"/> kept current by <see cref="SessionChangeFeed"/>.
    /// </summary>
    public static IServiceCollection AddCachedSessionCheck<TInner>(this IServiceCollection services) where TInner : class, IPlatformSessionCheck
    {
        services.AddSingleton(provider => new CachedSessionCheck(provider.GetRequiredService<TInner>(), TimeProvider.System, Lifetime));
        services.AddSingleton<IPlatformSessionCheck>(provider => provider.GetRequiredService<CachedSessionCheck>());
        services.AddHostedService<SessionChangeSubscription>();
        return services;
    }
}
