using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DeployCode.ServiceDefaults;

/// <summary>
/// Gives every request a correlation id before anything else runs: the caller's <c>X-Correlation-Id</c> when it
/// is a sensible one, else a new id. The id is put back on the request (so the gateway forwards it upstream), echoed
/// on the response, tagged on the request's span and added to the logging scope of everything the request logs.
/// </summary>
internal sealed class CorrelationIdStartupFilter : IStartupFilter
{
    public const string HeaderName = "X-Correlation-Id";
    private const int MaximumLength = 128;

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        var logger = app.ApplicationServices.GetRequiredService<ILoggerFactory>().CreateLogger("DeployCode.Correlation");
        app.Use(async (context, nextMiddleware) =>
        {
            var correlationId = Accepted(context.Request.Headers[HeaderName].ToString()) ?? NewId();
            context.Request.Headers[HeaderName] = correlationId;
            // Set last, so that a proxied response's own copy of the header is replaced rather than doubled.
            context.Response.OnStarting(() =>
            {
                context.Response.Headers[HeaderName] = correlationId;
                return Task.CompletedTask;
            });
            Activity.Current?.SetTag("correlation.id", correlationId);
            using (logger.BeginScope(new Dictionary<string, object> { ["CorrelationId"] = correlationId }))
            {
                await nextMiddleware(context);
            }
        });
        next(app);
    };

    // Only short ids of safe characters travel on: a header is copied into logs and upstream requests.
    private static string? Accepted(string value) =>
        value.Length is > 0 and <= MaximumLength && value.All(character => char.IsAsciiLetterOrDigit(character) || character is '-' or '_' or '.' or ':')
            ? value
            : null;

    private static string NewId() => Activity.Current?.TraceId.ToHexString() ?? Guid.NewGuid().ToString("N");
}
