using System.Globalization;
using YamlDotNet.Serialization;

namespace DeployCode.Orchestrator.Monitoring;

/// <summary>
/// Alertmanager's <c>alertmanager.yml</c>: every alert Prometheus sends goes to one receiver, the webhook of
/// <c>DeployCode:Alerts:WebhookUrl</c> (resolved alerts too), grouped by rule and component. Without a webhook the
/// receiver has no destination: the alerts are kept in Alertmanager, seen on its page and API.
/// </summary>
internal static class AlertmanagerConfiguration
{
    /// <summary>The file name in Alertmanager's folder of the state folder, and in its image.</summary>
    public const string FileName = "alertmanager.yml";

    /// <summary>The one receiver's name.</summary>
    public const string ReceiverName = "deploy-code";

    public static string Build(Uri? webhook, TimeSpan groupWait, TimeSpan groupInterval)
    {
        var receiver = new Dictionary<string, object> { ["name"] = ReceiverName };
        if (webhook is not null)
        {
            receiver["webhook_configs"] = new[] { new Dictionary<string, object> { ["url"] = webhook.ToString(), ["send_resolved"] = true } };
        }

        var document = new Dictionary<string, object>
        {
            ["route"] = new Dictionary<string, object>
            {
                ["receiver"] = ReceiverName,
                // A rule fires per component: the job label (scrape targets) or the service label (the orchestrator's metrics).
                ["group_by"] = new[] { "alertname", "job", "service" },
                ["group_wait"] = Seconds(groupWait),
                ["group_interval"] = Seconds(groupInterval),
                ["repeat_interval"] = "4h",
            },
            ["receivers"] = new[] { receiver },
        };
        return new SerializerBuilder().Build().Serialize(document);
    }

    private static string Seconds(TimeSpan span) => string.Create(CultureInfo.InvariantCulture, $"{(long)span.TotalSeconds}s");
}
