using Aspire.Hosting.ApplicationModel;
using DeployCode.Orchestrator.Health;

namespace Aspire.Hosting;

/// <summary>Gives the deployment's verification an account to sign in with.</summary>
public static class PlatformVerifierBuilderExtensions
{
    /// <summary>The secret parameter holding the verifier account's password (generated and kept in user secrets).</summary>
    public const string PasswordParameterName = "deploy-code-verifier-password";

    /// <summary>
    /// Has auth-service keep a service account <c>deploy-code</c> (operator) with a generated password, which the
    /// orchestrator signs in with after each deployment and on Verify: a token accepted at the gateway, MCP initialize
    /// and tools/list on every MCP server, the experts listed. Only when the AppHost runs: published artifacts carry no
    /// such account, so a production platform has only the accounts its users register.
    /// </summary>
    /// <example>
    /// <code>
    /// builder.AddProject&lt;Projects.DeployCode_AuthService&gt;("auth-service").WithDeploymentVerifierAccount();
    /// </code>
    /// </example>
    public static IResourceBuilder<T> WithDeploymentVerifierAccount<T>(this IResourceBuilder<T> builder) where T : IResourceWithEnvironment
    {
        ArgumentNullException.ThrowIfNull(builder);
        var application = builder.ApplicationBuilder;
        if (!application.ExecutionContext.IsRunMode)
        {
            return builder;
        }

        // Replicas are configured like their service: they share the one parameter.
        var deployCode = application.GetDeployCode();
        var account = deployCode.VerifierAccount;
        if (account is null)
        {
            var password = application.AddGeneratedSecret(PasswordParameterName)
                .WithDescription($"The password of the service account '{VerifierAccountAnnotation.Username}' that deploy-code verifies the platform with.");
            account = new VerifierAccountAnnotation(password.Resource);
            deployCode.Annotations.Add(account);
        }

        return builder
            .WithEnvironment($"Auth__ServiceAccounts__{VerifierAccountAnnotation.Username}__Password", account.Password)
            .WithEnvironment($"Auth__ServiceAccounts__{VerifierAccountAnnotation.Username}__Role", VerifierAccountAnnotation.Role);
    }
}
