using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DeployCode.Testing;

/// <summary>
/// Someone who receives the platform's alerts: a local HTTP server that takes Alertmanager's webhook posts
/// (<c>DeployCode:Alerts:WebhookUrl</c>) and keeps every alert in them.
/// </summary>
public sealed class AlertReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ReceivedAlert> _alerts = new();
    private Action? _received;

    private AlertReceiver(WebApplication app) => _app = app;

    /// <summary>The address to give as <c>DeployCode:Alerts:WebhookUrl</c>.</summary>
    public Uri Address { get; private set; } = null!;

    /// <summary>Every alert received, in order: firing and resolved ones.</summary>
    public IReadOnlyList<ReceivedAlert> Alerts => [.. _alerts];

    public static async Task<AlertReceiver> StartAsync(CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new AlertReceiver(app);
        app.MapPost("/alerts", async (HttpContext context) =>
        {
            using var posted = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
            foreach (var alert in posted.RootElement.GetProperty("alerts").EnumerateArray())
            {
                var labels = alert.GetProperty("labels").EnumerateObject().ToDictionary(label => label.Name, label => label.Value.GetString() ?? "", StringComparer.Ordinal);
                receiver._alerts.Enqueue(new ReceivedAlert(alert.GetProperty("status").GetString() ?? "", labels, DateTimeOffset.UtcNow));
            }

            receiver._received?.Invoke();
            return Results.Ok();
        });
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        receiver.Address = new Uri(new Uri(address), "/alerts");
        return receiver;
    }

    /// <summary>The first alert that matches <paramref name="wanted"/>, received already or within <paramref name="timeout"/>; a timeout lists what came.</summary>
    public async Task<ReceivedAlert> WhenReceivedAsync(Func<ReceivedAlert, bool> wanted, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var seen = new TaskCompletionSource<ReceivedAlert>(TaskCreationOptions.RunContinuationsAsynchronously);
        void Look()
        {
            if (_alerts.FirstOrDefault(wanted) is { } alert)
            {
                seen.TrySetResult(alert);
            }
        }

        _received += Look;
        try
        {
            Look();
            return await seen.Task.WaitAsync(timeout, cancellationToken);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"No such alert within {timeout.TotalSeconds} s; received: {string.Join("; ", Alerts.Select(alert => alert.ToString()))}");
        }
        finally
        {
            _received -= Look;
        }
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}

/// <summary>One alert as Alertmanager posted it: firing or resolved, its labels (alertname, job or service, severity), when it came.</summary>
public sealed record ReceivedAlert(string Status, IReadOnlyDictionary<string, string> Labels, DateTimeOffset ReceivedAt)
{
    public override string ToString() => $"{Status} {string.Join(",", Labels.Select(label => $"{label.Key}={label.Value}"))}";
}
