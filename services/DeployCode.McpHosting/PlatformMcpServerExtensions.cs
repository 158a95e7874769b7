using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ModelContextProtocol;
using ModelContextProtocol.Server;

namespace DeployCode.McpHosting;

/// <summary>How every platform MCP server serves its tools.</summary>
public static class PlatformMcpServerExtensions
{
    /// <summary>The MCP endpoint of every server, behind the gateway's <c>/mcp/&lt;name&gt;</c>.</summary>
    public const string Path = "/mcp";

    /// <summary>
    /// An MCP server named <paramref name="name"/> offering the tools of <typeparamref name="TTools"/> over stateless
    /// streamable HTTP (every request stands alone, so any replica can answer it), with failures the tools did not
    /// expect turned into tool errors that say what failed instead of the SDK's bare "An error occurred". Each caller
    /// lists and calls only the tools its role allows (<see cref="ToolRoles"/>); a refused call is an MCP error
    /// naming the role it needs.
    /// </summary>
    public static IMcpServerBuilder AddPlatformMcpServer<TTools>(this IHostApplicationBuilder builder, string name)
        where TTools : class
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.Services
            .AddMcpServer(server => server.ServerInfo = new() { Name = name, Version = "1.0.0" })
            .WithHttpTransport(transport => transport.Stateless = true)
            .WithRequestFilters(filters =>
            {
                filters.AddListToolsFilter(next => async (context, cancellationToken) =>
                {
                    var listed = await next(context, cancellationToken);
                    listed.Tools = [.. listed.Tools.Where(tool => ToolRoles.MayCall(context.User, tool))];
                    return listed;
                });
                filters.AddCallToolFilter(next => async (context, cancellationToken) =>
                {
                    if (context.MatchedPrimitive is McpServerTool tool && !ToolRoles.MayCall(context.User, tool.ProtocolTool))
                    {
                        throw new McpException(ToolRoles.Refusal(context.User, tool.ProtocolTool));
                    }

                    var logger = context.Services!.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ToolFailures));
                    return await ToolFailures.ReportAsync(next, context, logger, cancellationToken);
                });
            })
            .WithTools<TTools>();
    }

    /// <summary>The MCP endpoint at <see cref="Path"/>; the platform's fallback policy makes it need a valid token.</summary>
    public static IEndpointConventionBuilder MapPlatformMcp(this WebApplication app) => app.MapMcp(Path);
}
