using System.Text.Json;
using DeployCode.CircleOfExperts.Experts;
using DeployCode.ServiceDefaults;
using Npgsql;
using NpgsqlTypes;

namespace DeployCode.CircleOfExperts.Queries;

/// <summary>
/// Queries and their answers in PostgreSQL (schema <c>experts</c> of <c>codedb</c>), so they survive restarts and
/// every replica sees them. The answers and consensus are kept as JSON beside the query they belong to.
/// </summary>
internal sealed class QueryStore(NpgsqlDataSource dataSource)
{
    private const long MigrationLockKey = 0x4445_504C_4F59_0008;

    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web);

    private static readonly SchemaMigration[] s_migrations =
    [
        new(1, "queries with their answers and consensus", """
            create schema if not exists experts;
            create table experts.queries (
                id uuid primary key,
                owner text not null,
                question text not null,
                experts text[] not null,
                status text not null check (status in ('pending', 'completed', 'failed')),
                cached boolean not null default false,
                created_at timestamptz not null,
                completed_at timestamptz,
                consensus jsonb,
                answers jsonb not null default '[]',
                error text);
            create index queries_owner_created_at on experts.queries (owner, created_at desc);
            create index queries_pending on experts.queries (created_at) where status = 'pending';
            """),
    ];

    private const string Columns = "id, owner, question, experts, status, cached, created_at, completed_at, consensus, answers, error";

    /// <summary>Verifies the database answers and brings the schema up to date.</summary>
    public async Task PrepareAsync(ILogger logger, CancellationToken cancellationToken)
    {
        await dataSource.VerifyConnectionAsync(logger, cancellationToken);
        await dataSource.MigrateAsync("experts_schema_migrations", MigrationLockKey, s_migrations, logger, cancellationToken);
    }

    /// <summary>Stores a new query as it stands.</summary>
    public Task AddAsync(ExpertQuery query, CancellationToken cancellationToken) => TransientDatabaseRetry.RunAsync(async _ =>
    {
        await using var command = dataSource.CreateCommand($"insert into experts.queries ({Columns}) values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)");
        command.Parameters.Add(new() { Value = query.Id });
        command.Parameters.Add(new() { Value = query.Owner });
        command.Parameters.Add(new() { Value = query.Question });
        command.Parameters.Add(new() { Value = query.Experts.ToArray() });
        command.Parameters.Add(new() { Value = query.Status });
        command.Parameters.Add(new() { Value = query.Cached });
        command.Parameters.Add(new() { Value = query.CreatedAt });
        command.Parameters.Add(new() { Value = (object?)query.CompletedAt ?? DBNull.Value });
        command.Parameters.Add(Json(query.Consensus));
        command.Parameters.Add(Json(query.Answers));
        command.Parameters.Add(new() { Value = (object?)query.Error ?? DBNull.Value });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }, cancellationToken);

    /// <summary>Records how a pending query ended.</summary>
    public Task FinishAsync(Guid id, string status, Consensus? consensus, IReadOnlyList<ExpertAnswer> answers, string? error, DateTimeOffset completedAt, CancellationToken cancellationToken) => TransientDatabaseRetry.RunAsync(async _ =>
    {
        await using var command = dataSource.CreateCommand(
            "update experts.queries set status = $2, consensus = $3, answers = $4, error = $5, completed_at = $6 where id = $1 and status = 'pending'");
        command.Parameters.Add(new() { Value = id });
        command.Parameters.Add(new() { Value = status });
        command.Parameters.Add(Json(consensus));
        command.Parameters.Add(Json(answers));
        command.Parameters.Add(new() { Value = (object?)error ?? DBNull.Value });
        command.Parameters.Add(new() { Value = completedAt });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }, cancellationToken);

    /// <summary>The query, or null when there is none with this id.</summary>
    public Task<ExpertQuery?> FindAsync(Guid id, CancellationToken cancellationToken) => TransientDatabaseRetry.RunAsync<ExpertQuery?>(async _ =>
    {
        await using var command = dataSource.CreateCommand($"select {Columns} from experts.queries where id = $1");
        command.Parameters.Add(new() { Value = id });
        return (await ReadAsync(command, cancellationToken)).SingleOrDefault();
    }, cancellationToken);

    /// <summary>The newest queries first: one user's, or everyone's when <paramref name="owner"/> is null.</summary>
    public Task<IReadOnlyList<ExpertQuery>> ListAsync(string? owner, int limit, CancellationToken cancellationToken) => TransientDatabaseRetry.RunAsync<IReadOnlyList<ExpertQuery>>(async _ =>
    {
        await using var command = dataSource.CreateCommand(
            $"select {Columns} from experts.queries where ($1::text is null or owner = $1) order by created_at desc, id limit $2");
        command.Parameters.Add(new() { Value = (object?)owner ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new() { Value = limit });
        return await ReadAsync(command, cancellationToken);
    }, cancellationToken);

    /// <summary>Queries a stopped process left pending, oldest first: they are asked again at start.</summary>
    public Task<IReadOnlyList<ExpertQuery>> PendingAsync(CancellationToken cancellationToken) => TransientDatabaseRetry.RunAsync<IReadOnlyList<ExpertQuery>>(async _ =>
    {
        await using var command = dataSource.CreateCommand($"select {Columns} from experts.queries where status = 'pending' order by created_at");
        return await ReadAsync(command, cancellationToken);
    }, cancellationToken);

    private static NpgsqlParameter Json<T>(T? value) =>
        new() { Value = value is null ? DBNull.Value : JsonSerializer.Serialize(value, s_json), NpgsqlDbType = NpgsqlDbType.Jsonb };

    private static async Task<IReadOnlyList<ExpertQuery>> ReadAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var queries = new List<ExpertQuery>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            queries.Add(new ExpertQuery(
                reader.GetGuid(0),
                reader.GetString(1),
                reader.GetString(2),
                reader.GetFieldValue<string[]>(3),
                reader.GetString(4),
                reader.GetBoolean(5),
                reader.GetFieldValue<DateTimeOffset>(6),
                reader.IsDBNull(7) ? null : reader.GetFieldValue<DateTimeOffset>(7),
                reader.IsDBNull(8) ? null : JsonSerializer.Deserialize<Consensus>(reader.GetString(8), s_json),
                JsonSerializer.Deserialize<ExpertAnswer[]>(reader.GetString(9), s_json) ?? [],
                reader.IsDBNull(10) ? null : reader.GetString(10)));
        }

        return queries;
    }
}
