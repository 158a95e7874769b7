namespace Aspire.Hosting.ApplicationModel;

/// <summary>
/// An alert of its own for when the component cannot be scraped for <paramref name="For"/> (<c>WithDownAlert</c>): one
/// rule for every component given the same <paramref name="Alert"/>, such as all the MCP servers.
/// </summary>
/// <param name="Alert">The alert's name, such as <c>McpServerDown</c>.</param>
/// <param name="Noun">What the components are, for the alert's summary: <c>MCP server</c>.</param>
/// <param name="For">How long it must be down before the alert fires.</param>
public sealed record PlatformDownAlertAnnotation(string Alert, string Noun, TimeSpan For) : IResourceAnnotation;
