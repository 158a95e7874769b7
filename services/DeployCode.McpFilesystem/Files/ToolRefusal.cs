using ModelContextProtocol;

namespace DeployCode.McpFilesystem.Files;

/// <summary>A tool call refused or failed for a reason the caller can act on; reaches the client as a tool error with this message.</summary>
internal sealed class ToolRefusal(string message) : McpException(message);
