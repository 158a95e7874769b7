using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;

namespace DeployCode.AppHost.Tests;

/// <summary>Runs the AppHost's Program up to <c>Build()</c> and hands back its model; nothing starts.</summary>
internal static class AppHostModel
{
    public static async Task<IDistributedApplicationTestingBuilder> CreateAsync(params string[] args)
    {
        string[] defaults = [$"DeployCode:StateDirectory={Path.Combine(Path.GetTempPath(), "deploycode-model-tests")}", "DeployCode:Gpus=0"];
        return await DistributedApplicationTestingBuilder.CreateAsync<Projects.DeployCode_AppHost>([.. defaults, .. args], TestContext.Current.CancellationToken)
            .WaitAsync(TimeSpan.FromMinutes(1), TestContext.Current.CancellationToken);
    }

    /// <summary>The environment a resource gets, with parameters shown as <c>{name.value}</c> placeholders as in publish mode.</summary>
    public static async Task<Dictionary<string, string>> PublishedEnvironmentAsync(this IResource resource)
    {
        // Obsolete in favour of ExecutionConfigurationBuilder, which needs a started app's services; this
        // one renders a model that was only built, which is what these tests inspect.
#pragma warning disable CS0618
        return await ((IResourceWithEnvironment)resource).GetEnvironmentVariableValuesAsync(DistributedApplicationOperation.Publish);
#pragma warning restore CS0618
    }

    public static IResource Get(this IDistributedApplicationTestingBuilder builder, string name) =>
        builder.Resources.SingleOrDefault(resource => resource.Name == name) ?? throw new Xunit.Sdk.XunitException($"{name} is not in the model");
}
