namespace Aspire.Hosting.ApplicationModel;

/// <summary>A database in a process-mode PostgreSQL cluster, created when the cluster first answers.</summary>
public sealed class PostgresProcessDatabaseResource : Resource, IResourceWithParent<PostgresProcessResource>, IResourceWithConnectionString
{
    internal PostgresProcessDatabaseResource(string name, string databaseName, PostgresProcessResource parent) : base(name)
    {
        DatabaseName = ThrowIfInvalid(databaseName);
        Parent = parent ?? throw new ArgumentNullException(nameof(parent));
    }

    /// <summary>The database's name inside the cluster.</summary>
    public string DatabaseName { get; }

    /// <inheritdoc />
    public PostgresProcessResource Parent { get; }

    /// <inheritdoc />
    public ReferenceExpression ConnectionStringExpression =>
        ReferenceExpression.Create($"{Parent};Database={DatabaseName}");

    // The name goes into CREATE DATABASE as an identifier; only plain identifiers are accepted.
    private static string ThrowIfInvalid(string databaseName)
    {
        ArgumentException.ThrowIfNullOrEmpty(databaseName);
        if (!databaseName.All(c => char.IsAsciiLetterOrDigit(c) || c == '_') || char.IsAsciiDigit(databaseName[0]))
        {
            throw new ArgumentException($"Database name '{databaseName}' must be letters, digits and underscores, not starting with a digit.", nameof(databaseName));
        }

        return databaseName;
    }
}
