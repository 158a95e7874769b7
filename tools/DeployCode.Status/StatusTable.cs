using System.Globalization;
using System.Text;
using System.Text.Json;

namespace DeployCode.Status;

/// <summary>The registry as a terminal table: the orchestrator's state first, then each component, then what is held or failed and the latest events.</summary>
internal static class StatusTable
{
    private const int EventsShown = 5;

    private static readonly string[] s_headings = ["COMPONENT", "PHASE", "STATE", "HEALTH", "RESTARTS", "CIRCUIT", "CPU used/budget", "MEMORY MiB used/budget", "WAITS FOR"];

    public static string Render(JsonElement registry, Uri address)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{Text(registry, "platform") ?? "Platform"}: {Text(registry, "deployment") ?? "not started"}  ({address})").AppendLine();
        var services = registry.TryGetProperty("services", out var list) ? list.EnumerateArray().ToArray() : [];
        var rows = services.Select(Row).Prepend(s_headings).ToArray();
        var widths = s_headings.Select((_, column) => rows.Max(row => row[column].Length)).ToArray();
        foreach (var row in rows)
        {
            text.AppendLine(string.Join("  ", row.Select((cell, column) => cell.PadRight(widths[column]))).TrimEnd());
        }

        foreach (var service in services)
        {
            var reason = Text(service, "failure") ?? (Text(service, "state") == "Held" && service.TryGetProperty("allocation", out var allocation) ? Text(allocation, "reason") : null);
            if (reason is not null)
            {
                text.Append(CultureInfo.InvariantCulture, $"{Text(service, "name")} is {(Text(service, "state") == "Held" ? "held" : "not running")}: {reason}").AppendLine();
            }
        }

        var events = registry.TryGetProperty("events", out var recorded) ? recorded.EnumerateArray().Reverse().Take(EventsShown).ToArray() : [];
        if (events.Length > 0)
        {
            text.AppendLine("Latest events:");
            foreach (var item in events)
            {
                var at = item.TryGetProperty("at", out var time) && time.TryGetDateTimeOffset(out var when) ? when.ToUniversalTime().ToString("HH:mm:ss", CultureInfo.InvariantCulture) : "--:--:--";
                text.Append(CultureInfo.InvariantCulture, $"  {at}  {Text(item, "source")} {Text(item, "kind")}{(Text(item, "component") is { } component ? $" {component}" : "")}: {OneLine(Text(item, "detail") ?? "")}").AppendLine();
            }
        }

        return text.ToString();
    }

    private static string[] Row(JsonElement service)
    {
        service.TryGetProperty("allocation", out var allocation);
        service.TryGetProperty("usage", out var usage);
        return
        [
            Text(service, "name") ?? "?",
            Number(service, "phase", "0") ?? "-",
            Text(service, "state") ?? "Not started",
            Text(service, "health") ?? "-",
            Number(service, "restarts", "0") ?? "0",
            Text(service, "circuit") ?? "-",
            $"{Number(usage, "cpu", "0.###") ?? "-"}/{Number(allocation, "cpu", "0.###") ?? "-"}",
            $"{Number(usage, "memoryMb", "0") ?? "-"}/{Number(allocation, "memoryMb", "0") ?? "-"}",
            service.TryGetProperty("dependsOn", out var waits) && waits.GetArrayLength() > 0 ? string.Join(",", waits.EnumerateArray().Select(name => name.GetString())) : "-",
        ];
    }

    private static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string? Number(JsonElement element, string name, string format) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number
            ? value.GetDouble().ToString(format, CultureInfo.InvariantCulture)
            : null;

    private static string OneLine(string text) => text.ReplaceLineEndings(" ");
}
