using System.Diagnostics;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace DeployCode.Orchestrator.Runtime;

/// <summary>
/// Prepares and looks after a process-mode PostgreSQL cluster: <c>initdb</c> on first use, then, once the
/// server answers on its private socket, the superuser password and the platform's databases.
/// </summary>
internal sealed class PostgresCluster(PostgresProcessResource resource, string initdb, UnixAccount? account, ILogger log)
{
    private static readonly TimeSpan s_bootstrapTimeout = TimeSpan.FromMinutes(2);

    /// <summary>The arguments that start the server (after <c>setpriv</c>'s when the AppHost is root).</summary>
    public static IEnumerable<string> ServerArguments(PostgresProcessResource resource, string postgres, UnixAccount? account, int port) =>
        [
            .. account?.SetprivArguments() ?? [],
            .. account is null ? Array.Empty<string>() : [postgres],
            "-D", resource.DataDirectory,
            "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "-c", "listen_addresses=localhost",
            "-c", $"unix_socket_directories={resource.SocketDirectory}",
            "-c", "unix_socket_permissions=0700",
        ];

    /// <summary>Creates the folders and, the first time, the cluster itself. Runs before the server starts.</summary>
    public async Task PrepareAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(resource.DataDirectory);
        Directory.CreateDirectory(resource.SocketDirectory);
        File.SetUnixFileMode(resource.DataDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        File.SetUnixFileMode(resource.SocketDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        account?.Own(resource.WorkingDirectory);
        account?.Own(resource.DataDirectory);
        account?.Own(resource.SocketDirectory);

        if (File.Exists(Path.Combine(resource.DataDirectory, "PG_VERSION")))
        {
            log.LogInformation("Using the existing cluster in {DataDirectory}", resource.DataDirectory);
            return;
        }

        log.LogInformation("Creating a new cluster in {DataDirectory}", resource.DataDirectory);
        var passwordFile = Path.Combine(resource.WorkingDirectory, ".initdb-password");
        await SecretFile.WriteAsync(passwordFile, await resource.PasswordParameter.GetValueAsync(cancellationToken) ?? "", cancellationToken);
        account?.Own(passwordFile);
        try
        {
            await RunAsync(
                account is null ? initdb : "setpriv",
                [
                    .. account?.SetprivArguments() ?? [],
                    .. account is null ? Array.Empty<string>() : [initdb],
                    "-D", resource.DataDirectory,
                    "-U", PostgresProcessResource.UserName,
                    "--pwfile", passwordFile,
                    "--auth-local=trust",
                    "--auth-host=scram-sha-256",
                    "--encoding=UTF8",
                    "--locale=C.UTF-8",
                ],
                cancellationToken);
        }
        finally
        {
            File.Delete(passwordFile);
        }
    }

    /// <summary>
    /// Waits for the server's private socket, sets the superuser password to the parameter's current value
    /// (a regenerated password must not lock the platform out of its own data) and creates missing databases.
    /// </summary>
    public async Task BootstrapAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(s_bootstrapTimeout);
        var port = resource.PrimaryEndpoint.EndpointAnnotation.TargetPort!.Value;
        var socket = new NpgsqlConnectionStringBuilder
        {
            Host = resource.SocketDirectory,
            Port = port,
            Username = PostgresProcessResource.UserName,
            Database = "postgres",
            Pooling = false,
        }.ConnectionString;

        await using var connection = await ConnectWhenListeningAsync(socket, timeout.Token);
        var password = await resource.PasswordParameter.GetValueAsync(timeout.Token) ?? string.Empty;
        await ExecuteAsync(connection, $"alter role {PostgresProcessResource.UserName} password '{password.Replace("'", "''", StringComparison.Ordinal)}'", timeout.Token);

        foreach (var databaseName in resource.Databases.Values)
        {
            await using var exists = new NpgsqlCommand("select 1 from pg_database where datname = $1", connection) { Parameters = { new() { Value = databaseName } } };
            if (await exists.ExecuteScalarAsync(timeout.Token) is null)
            {
                await ExecuteAsync(connection, $"create database \"{databaseName}\"", timeout.Token);
                log.LogInformation("Created database {Database}", databaseName);
            }
        }

        log.LogInformation("Cluster ready: password in step with the parameter, databases {Databases}", string.Join(", ", resource.Databases.Values));
    }

    private static async Task<NpgsqlConnection> ConnectWhenListeningAsync(string connectionString, CancellationToken cancellationToken)
    {
        while (true)
        {
            var connection = new NpgsqlConnection(connectionString);
            try
            {
                await connection.OpenAsync(cancellationToken);
                return connection;
            }
            catch (Exception exception) when (exception is NpgsqlException or System.Net.Sockets.SocketException)
            {
                await connection.DisposeAsync();
                await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken);
            }
        }
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private async Task RunAsync(string command, IEnumerable<string> arguments, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(command, arguments) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        foreach (var line in ((await output) + (await error)).Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            log.LogInformation("initdb: {Line}", line);
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"initdb failed with exit code {process.ExitCode}; its output is in the {resource.Name} console log.");
        }
    }
}
