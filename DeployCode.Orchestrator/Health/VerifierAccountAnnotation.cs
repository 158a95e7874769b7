using Aspire.Hosting.ApplicationModel;

namespace DeployCode.Orchestrator.Health;

/// <summary>
/// On the orchestrator: the service account its verification signs in with, which auth-service creates from
/// <c>Auth:ServiceAccounts</c> (never the first user). Added by <c>WithDeploymentVerifierAccount</c>.
/// </summary>
internal sealed class VerifierAccountAnnotation(ParameterResource password) : IResourceAnnotation
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
}
