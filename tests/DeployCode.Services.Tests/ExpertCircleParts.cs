using DeployCode.CircleOfExperts;
using DeployCode.CircleOfExperts.Experts;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DeployCode.Services.Tests;

/// <summary>The circle's expert parts wired as circle-of-experts wires them, for experts given as settings.</summary>
internal sealed class ExpertCircleParts : IDisposable
{
    private readonly ServiceProvider _services;

    public ExpertCircleParts(CircleOptions options, params (string Key, string Value)[] settings)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(setting => KeyValuePair.Create(setting.Key, (string?)setting.Value)))
            .Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddMetrics();
        services.AddHttpClient(ExpertClients.HttpClientName);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(Options.Create(options));
        services.AddSingleton(ExpertCatalog.Read(configuration));
        services.AddSingleton<ExpertMetrics>();
        services.AddSingleton<ExpertClients>();
        services.AddSingleton<ExpertCircuits>();
        services.AddSingleton<ExpertAvailability>();
        services.AddSingleton<ExpertConsultation>();
        _services = services.BuildServiceProvider();
    }

    public ExpertCatalog Catalog => _services.GetRequiredService<ExpertCatalog>();

    public ExpertAvailability Availability => _services.GetRequiredService<ExpertAvailability>();

    public ExpertConsultation Consultation => _services.GetRequiredService<ExpertConsultation>();

    public ExpertCircuits Circuits => _services.GetRequiredService<ExpertCircuits>();

    public Expert this[string name] => Catalog.Find(name) ?? throw new KeyNotFoundException(name);

    public void Dispose() => _services.Dispose();
}
