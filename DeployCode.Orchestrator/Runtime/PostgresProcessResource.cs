namespace Aspire.Hosting.ApplicationModel;

/// <summary>
/// PostgreSQL run from the machine's own binaries (process mode). Its connection string has the same
/// shape as Aspire's PostgreSQL container, so services consume it unchanged.
/// </summary>
public sealed class PostgresProcessResource : ExecutableResource, IResourceWithConnectionString
{
    internal const string PrimaryEndpointName = "tcp";

    /// <summary>The superuser the platform connects as, as in the official image.</summary>
    internal const string UserName = "postgres";

    /// <summary>Creates the resource; <paramref name="command"/> is <c>postgres</c> or <c>setpriv</c> in front of it.</summary>
    internal PostgresProcessResource(string name, string command, string stateDirectory, ParameterResource password)
        : base(name, command, stateDirectory)
    {
        ArgumentNullException.ThrowIfNull(password);
        PasswordParameter = password;
        PrimaryEndpoint = new EndpointReference(this, PrimaryEndpointName);
    }

    /// <summary>The superuser's password.</summary>
    public ParameterResource PasswordParameter { get; }

    /// <summary>The TCP endpoint PostgreSQL listens on.</summary>
    public EndpointReference PrimaryEndpoint { get; }

    /// <summary>The cluster's data folder.</summary>
    internal string DataDirectory => Path.Combine(WorkingDirectory, "data");

    /// <summary>The Unix socket folder, reachable only by the AppHost's user, used to keep the password in step.</summary>
    internal string SocketDirectory => Path.Combine(WorkingDirectory, "run");

    /// <summary>Databases created in this cluster, by resource name.</summary>
    public IReadOnlyDictionary<string, string> Databases => _databases;

    /// <inheritdoc />
    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create(
        $"Host={PrimaryEndpoint.Property(EndpointProperty.Host)};Port={PrimaryEndpoint.Property(EndpointProperty.Port)};Username={UserName};Password={PasswordParameter}");

    private readonly Dictionary<string, string> _databases = new(StringComparer.Ordinal);

    internal void AddDatabase(string resourceName, string databaseName) => _databases.TryAdd(resourceName, databaseName);
}
