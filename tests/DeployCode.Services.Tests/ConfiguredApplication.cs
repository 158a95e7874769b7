using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;

namespace DeployCode.Services.Tests;

/// <summary>A web application built (not started) with in-memory settings and what <c>add</c> registers.</summary>
internal static class ConfiguredApplication
{
    public static WebApplication Build(Action<WebApplicationBuilder> add, params (string Key, string Value)[] settings)
    {
        var builder = WebApplication.CreateBuilder();
        builder.Configuration.AddInMemoryCollection(settings.Select(setting => KeyValuePair.Create(setting.Key, (string?)setting.Value)));
        add(builder);
        return builder.Build();
    }
}
