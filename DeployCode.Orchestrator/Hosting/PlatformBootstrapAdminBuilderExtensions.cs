using Aspire.Hosting.ApplicationModel;

namespace Aspire.Hosting;

/// <summary>The first admin of a published deployment.</summary>
public static class PlatformBootstrapAdminBuilderExtensions
{
    /// <summary>The parameter of the bootstrap admin's user name (<c>BOOTSTRAP_ADMIN_USERNAME</c> in <c>.env</c>).</summary>
    internal const string UsernameParameterName = "bootstrap-admin-username";

    /// <summary>The secret parameter of its password (<c>BOOTSTRAP_ADMIN_PASSWORD</c> in <c>.env</c>).</summary>
    internal const string PasswordParameterName = "bootstrap-admin-password";

    /// <summary>
    /// In the published artifacts, has the identity service create the first admin from two values of <c>.env</c> (listed in
    /// <c>.env.example</c>) and close open registration: otherwise whoever registers first after a deployment becomes
    /// admin. When the AppHost runs nothing changes: the developer registering first is the first admin.
    /// </summary>
    /// <example>
    /// <code>
    /// builder.AddProject&lt;Projects.Identity&gt;("identity").WithPlatformBootstrapAdmin();
    /// </code>
    /// </example>
    public static IResourceBuilder<T> WithPlatformBootstrapAdmin<T>(this IResourceBuilder<T> builder) where T : IResourceWithEnvironment
    {
        ArgumentNullException.ThrowIfNull(builder);
        var application = builder.ApplicationBuilder;
        if (!application.ExecutionContext.IsPublishMode)
        {
            return builder;
        }

        // Replicas are configured like their service: they share the parameters.
        var username = application.Resources.OfType<ParameterResource>().FirstOrDefault(parameter => parameter.Name == UsernameParameterName)
            ?? application.AddParameter(UsernameParameterName).WithDescription("The user name of the first admin, created at the identity service's first start.").Resource;
        var password = application.Resources.OfType<ParameterResource>().FirstOrDefault(parameter => parameter.Name == PasswordParameterName)
            ?? application.AddParameter(PasswordParameterName, secret: true).WithDescription("The first admin's password (12 to 256 characters).").Resource;
        return builder
            .WithEnvironment("Auth__BootstrapAdmin__Username", username)
            .WithEnvironment("Auth__BootstrapAdmin__Password", password)
            .WithEnvironment("Auth__OpenFirstRegistration", "false");
    }
}
