namespace Aspire.Hosting.ApplicationModel;

/// <summary>
/// Redis run from the machine's own <c>redis-server</c> (process mode), with append-only persistence and
/// a password, and the same connection string shape as Aspire's Redis container.
/// </summary>
public sealed class RedisProcessResource : ExecutableResource, IResourceWithConnectionString
{
    internal const string PrimaryEndpointName = "tcp";

    /// <summary>Creates the resource; <paramref name="command"/> is the <c>redis-server</c> binary.</summary>
    internal RedisProcessResource(string name, string command, string stateDirectory, ParameterResource password)
        : base(name, command, stateDirectory)
    {
        ArgumentNullException.ThrowIfNull(password);
        PasswordParameter = password;
        PrimaryEndpoint = new EndpointReference(this, PrimaryEndpointName);
    }

    /// <summary>The server password (<c>requirepass</c>).</summary>
    public ParameterResource PasswordParameter { get; }

    /// <summary>The TCP endpoint Redis listens on.</summary>
    public EndpointReference PrimaryEndpoint { get; }

    /// <summary>The generated configuration file; it holds the password, so only its owner reads it.</summary>
    internal string ConfigurationFile => Path.Combine(WorkingDirectory, "redis.conf");

    /// <inheritdoc />
    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create(
        $"{PrimaryEndpoint.Property(EndpointProperty.HostAndPort)},password={PasswordParameter}");
}
