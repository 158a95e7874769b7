using System.Reflection;
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
        where TTools : class =>
        builder.AddPlatformMcpServer(name).WithTools<TTools>();

    /// <summary>
    /// The same server without its tools, for a server that chooses them (<see cref="WithToolsWhere"/>), as the
    /// GitHub server does by toolset.
    /// </summary>
    public static IMcpServerBuilder AddPlatformMcpServer(this IHostApplicationBuilder builder, string name)
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
            });
    }

    /// <summary>
    /// The tools of <paramref name="toolTypes"/> that <paramref name="include"/> keeps (given each tool's type and attribute), each created per request from
    /// the request's services as <c>WithTools&lt;T&gt;</c> creates them; the others are not registered at all, so they
    /// are neither listed nor callable.
    /// </summary>
    public static IMcpServerBuilder WithToolsWhere(this IMcpServerBuilder builder, IEnumerable<Type> toolTypes, Func<Type, McpServerToolAttribute, bool> include)
    {
        ArgumentNullException.ThrowIfNull(builder);
        foreach (var type in toolTypes)
        {
            foreach (var method in ToolMethods(type).Where(method => include(type, method.Attribute)))
            {
                builder.Services.AddSingleton(services => McpServerTool.Create(method.Method,
                    request => ActivatorUtilities.CreateInstance(request.Services!, type), new McpServerToolCreateOptions { Services = services }));
            }
        }

        return builder;
    }

    /// <summary>The methods of <paramref name="type"/> marked as tools, with their attribute.</summary>
    public static IEnumerable<(MethodInfo Method, McpServerToolAttribute Attribute)> ToolMethods(Type type)
    {
        ArgumentNullException.ThrowIfNull(type);
        return type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static)
            .Select(method => (Method: method, Attribute: method.GetCustomAttribute<McpServerToolAttribute>()))
            .Where(tool => tool.Attribute is not null)
            .Select(tool => (tool.Method, tool.Attribute!));
    }

    /// <summary>The MCP endpoint at <see cref="Path"/>; the platform's fallback policy makes it need a valid token.</summary>
    public static IEndpointConventionBuilder MapPlatformMcp(this WebApplication app) => app.MapMcp(Path);
}
