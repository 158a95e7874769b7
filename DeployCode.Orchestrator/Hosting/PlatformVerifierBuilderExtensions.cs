using Aspire.Hosting.ApplicationModel;
using DeployCode.Orchestrator.Model;

namespace Aspire.Hosting;

/// <summary>Gives the deployment's verification an account to sign in with.</summary>
public static class PlatformVerifierBuilderExtensions
{
    /// <summary>The secret parameter holding the verifier account's password (generated and kept in user secrets).</summary>
    internal const string PasswordParameterName = "deploy-code-verifier-password";

    /// <summary>The verifier account's user name, as signed-in checks may name it.</summary>
    public const string AccountName = VerifierAccountAnnotation.Username;

    /// <summary>
    /// Has the identity service keep a service account <c>deploy-code</c> (operator) with a generated password
    /// (<c>Auth:ServiceAccounts</c>), which the orchestrator signs in with at <paramref name="signInPath"/> through the
    /// entry point after each deployment and on Verify, to make the signed-in checks (<c>WithVerifiedSignedInPath</c>,
    /// <c>WithVerifiedMcpEndpoint</c>). Only when the AppHost runs: published artifacts carry no such account, so a
    /// production platform has only the accounts its users register.
    /// </summary>
    /// <example>
    /// <code>
    /// builder.AddProject&lt;Projects.Identity&gt;("identity").WithDeploymentVerifierAccount("/auth/token");
    /// </code>
    /// </example>
    public static IResourceBuilder<T> WithDeploymentVerifierAccount<T>(this IResourceBuilder<T> builder, string signInPath) where T : IResourceWithEnvironment
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(signInPath);
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
            account = new VerifierAccountAnnotation(password.Resource, signInPath);
            deployCode.Annotations.Add(account);
        }

        return builder
            .WithEnvironment($"Auth__ServiceAccounts__{VerifierAccountAnnotation.Username}__Password", account.Password)
            .WithEnvironment($"Auth__ServiceAccounts__{VerifierAccountAnnotation.Username}__Role", VerifierAccountAnnotation.Role);
    }
}
