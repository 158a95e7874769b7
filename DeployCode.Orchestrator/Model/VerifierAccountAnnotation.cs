using Aspire.Hosting.ApplicationModel;

namespace DeployCode.Orchestrator.Model;

/// <summary>
/// On the orchestrator: the service account its verification signs in with, which the identity service creates from
/// <c>Auth:ServiceAccounts</c> (never the first user). Added by <c>WithDeploymentVerifierAccount</c>.
/// </summary>
internal sealed class VerifierAccountAnnotation(ParameterResource password, string signInPath) : IResourceAnnotation
{
    /// <summary>The account's user name.</summary>
    public const string Username = "deploy-code";

    /// <summary>
    /// Its role: operator, because a server lists a viewer only its read-only tools, and the verifier checks each
    /// server's whole list. It only initializes and lists tools; and whoever holds its password (the AppHost's user
    /// secrets) holds the JWT signing key as well.
    /// </summary>
    public const string Role = "operator";

    /// <summary>Its generated password, a secret parameter of the AppHost.</summary>
    public ParameterResource Password { get; } = password;

    /// <summary>Where the account signs in, through the entry point: a POST of its user name and password that answers an <c>access_token</c>.</summary>
    public string SignInPath { get; } = signInPath;
}
