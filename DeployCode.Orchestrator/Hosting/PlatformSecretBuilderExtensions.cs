using Aspire.Hosting.ApplicationModel;

namespace Aspire.Hosting;

/// <summary>Secrets of the platform as Aspire parameters: never literals in code or artifacts.</summary>
public static class PlatformSecretBuilderExtensions
{
    /// <summary>
    /// A secret the platform can make up for a local run (a database password, a signing key): generated once
    /// and kept in the AppHost's user secrets; <c>Parameters:&lt;name&gt;</c> sets it explicitly.
    /// </summary>
    public static IResourceBuilder<ParameterResource> AddGeneratedSecret(this IDistributedApplicationBuilder builder, [ResourceName] string name)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(name);

        return builder.AddParameter(name, new GenerateParameterDefault { MinLength = 32, Special = false }, secret: true, persist: true);
    }

    /// <summary>
    /// A secret only its owner can give (a provider API key, a GitHub token). Empty until set with
    /// <c>Parameters:&lt;name&gt;</c>; the service that uses it reports itself degraded rather than failing.
    /// </summary>
    public static IResourceBuilder<ParameterResource> AddOptionalSecret(this IDistributedApplicationBuilder builder, [ResourceName] string name)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(name);

        // A getter rather than a configuration lookup: Aspire treats an empty configured value as missing and
        // would hold every dependent until someone types a key into the dashboard.
        var configuration = builder.Configuration;
        return builder.AddParameter(name, () => configuration[$"Parameters:{name}"] ?? string.Empty, secret: true);
    }
}
