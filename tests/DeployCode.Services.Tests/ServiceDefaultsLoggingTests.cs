using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DeployCode.Services.Tests;

public sealed class ServiceDefaultsLoggingTests
{
    [Fact]
    public void FrameworkRequestLogsAreQuietButTheServicesOwnLogsAreNot()
    {
        using var app = Build();
        var loggers = app.Services.GetRequiredService<ILoggerFactory>();

        Assert.False(loggers.CreateLogger("Microsoft.AspNetCore.Hosting.Diagnostics").IsEnabled(LogLevel.Information));
        Assert.False(loggers.CreateLogger("System.Net.Http.HttpClient.deploycode-health.ClientHandler").IsEnabled(LogLevel.Information));
        Assert.True(loggers.CreateLogger("Microsoft.AspNetCore.Hosting.Diagnostics").IsEnabled(LogLevel.Warning));
        Assert.True(loggers.CreateLogger("DeployCode.AuthService.Tokens.SigningKeyRing").IsEnabled(LogLevel.Information));
    }

    [Fact]
    public void ConfiguredLogLevelsStillWin()
    {
        using var app = Build(("Logging:LogLevel:Microsoft.AspNetCore", "Debug"));

        Assert.True(app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Microsoft.AspNetCore.Routing").IsEnabled(LogLevel.Debug));
    }

    private static WebApplication Build(params (string Key, string Value)[] settings) =>
        ConfiguredApplication.Build(builder => builder.AddServiceDefaults(), settings);
}
