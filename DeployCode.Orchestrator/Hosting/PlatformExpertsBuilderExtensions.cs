using Aspire.Hosting.ApplicationModel;
using DeployCode.Orchestrator.Configuration;
using DeployCode.Contracts;

namespace Aspire.Hosting;

/// <summary>Hands the experts of <c>DeployCode:Experts</c> to the service that consults them.</summary>
public static class PlatformExpertsBuilderExtensions
{
    /// <summary>
    /// Gives the service every expert of <c>DeployCode:Experts</c> as <c>Experts__&lt;name&gt;__Provider</c>, <c>__Model</c>,
    /// <c>__BaseUrl</c>, <c>__Weight</c>, <c>__TimeoutSeconds</c>, <c>__InputPricePerMillionTokens</c> and
    /// <c>__OutputPricePerMillionTokens</c> (those configured, as the running configuration has them at each start, so
    /// that a live change restarts the service with the new values), and <c>Experts__&lt;name&gt;__ApiKey</c> from the
    /// secret parameter <c>&lt;name&gt;-api-key</c>. Each expert configured when the AppHost builds has that parameter; its
    /// value is <c>DeployCode:Experts:&lt;name&gt;:ApiKey</c>, else <c>Parameters:&lt;name&gt;-api-key</c>, else empty (the
    /// expert is then unavailable, and nothing waits for a key). Published artifacts refer to the parameter as a variable.
    /// </summary>
    /// <example>
    /// <code>
    /// builder.AddProject&lt;Projects.Advisor&gt;("advisor").WithPlatformExperts();
    /// </code>
    /// </example>
    public static IResourceBuilder<T> WithPlatformExperts<T>(this IResourceBuilder<T> builder) where T : IResourceWithEnvironment
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (builder.Resource.Annotations.OfType<PlatformExpertsAnnotation>().Any())
        {
            return builder;
        }

        var deployCode = builder.ApplicationBuilder.GetDeployCode();
        var apiKeys = new SortedDictionary<string, ParameterResource>(StringComparer.Ordinal);
        foreach (var expert in deployCode.Settings.Experts.Keys)
        {
            apiKeys[expert] = ApiKeyParameter(builder.ApplicationBuilder, expert);
            builder.WithReferenceRelationship(apiKeys[expert]);
        }

        return builder
            .WithAnnotation(new PlatformExpertsAnnotation(apiKeys))
            .WithEnvironment(context =>
            {
                foreach (var expert in deployCode.Settings.Experts.Values)
                {
                    foreach (var (variable, value) in expert.Environment())
                    {
                        context.EnvironmentVariables[variable] = value;
                    }

                    // An expert added while the platform runs has no parameter (the parameters are made at start):
                    // it runs without a key, which is what a local openai-compatible server needs.
                    if (apiKeys.TryGetValue(expert.Name, out var apiKey))
                    {
                        context.EnvironmentVariables[expert.ApiKeyVariable] = apiKey;
                    }
                }
            });
    }

    // Replicas are configured like their service: they share its parameters.
    private static ParameterResource ApiKeyParameter(IDistributedApplicationBuilder builder, string expert)
    {
        var name = ExpertSettings.ParameterNameFor(expert);
        if (builder.Resources.OfType<ParameterResource>().SingleOrDefault(parameter => parameter.Name == name) is { } existing)
        {
            return existing;
        }

        // A getter, as for every optional secret: Aspire treats an empty configured value as missing and would hold
        // the service until someone typed a key into the dashboard.
        var configuration = builder.Configuration;
        return builder.AddParameter(name, () =>
                configuration[$"{DeployCodeOptions.SectionName}:{ExpertSettingsFormat.SectionName}:{expert}:ApiKey"] is { Length: > 0 } key
                    ? key
                    : configuration[$"Parameters:{name}"] ?? string.Empty,
                secret: true)
            .WithDescription($"The API key of the expert '{expert}': set {DeployCodeOptions.SectionName}:{ExpertSettingsFormat.SectionName}:{expert}:ApiKey or Parameters:{name}.")
            .Resource;
    }
}
