using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Microsoft.Extensions.Hosting;

/// <summary>Connects a client while the service does its other start-up work, instead of after it.</summary>
public static class EarlyConnectionExtensions
{
    /// <summary>
    /// Resolves <typeparamref name="TClient"/> on a thread-pool thread now. A client that connects when it is built
    /// (StackExchange.Redis connects synchronously: 0.2 to 1 s on two cores, most of it compiling its own code) is
    /// otherwise built when the host starts its hosted services or answers its first health probe, after the database
    /// work, on the start's critical path. A first use that comes earlier waits for this one; a failure here is
    /// logged and the client is built again at its first use, which reports the error where it matters.
    /// </summary>
    /// <example>
    /// <code>
    /// var app = builder.Build();
    /// app.ConnectEarly&lt;IConnectionMultiplexer&gt;();
    /// await store.CreateSchemaAsync(app.Lifetime.ApplicationStopping);
    /// </code>
    /// </example>
    public static void ConnectEarly<TClient>(this IHost app) where TClient : notnull
    {
        ArgumentNullException.ThrowIfNull(app);
        _ = Task.Run(() =>
        {
            try
            {
                app.Services.GetRequiredService<TClient>();
            }
            catch (Exception exception) when (exception is not OutOfMemoryException)
            {
                app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(EarlyConnectionExtensions))
                    .LogWarning("Connecting {Client} early failed ({Message}); it connects again at its first use", typeof(TClient).Name, exception.Message);
            }
        });
    }
}
