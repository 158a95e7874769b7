using System.Text.Json.Serialization;

namespace DeployCode.McpBashGod.Templates;

/// <summary>A parameter of a template: filled in by the caller, then the command is validated like any other.</summary>
public sealed record TemplateParameter(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("description")] string Description,
    [property: JsonPropertyName("default")] string? Default);

/// <summary>A vetted command with <c>{parameter}</c> placeholders.</summary>
public sealed record CommandTemplate(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("category")] string Category,
    [property: JsonPropertyName("description")] string Description,
    [property: JsonPropertyName("command")] string Command,
    [property: JsonPropertyName("parameters")] IReadOnlyList<TemplateParameter> Parameters);
