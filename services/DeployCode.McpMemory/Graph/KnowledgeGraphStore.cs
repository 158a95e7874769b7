using DeployCode.ServiceDefaults;
using Npgsql;

namespace DeployCode.McpMemory.Graph;

/// <summary>
/// The knowledge graph in PostgreSQL (schema <c>memory</c>), so it survives restarts and every replica sees the same
/// graph. Deleting an entity deletes its observations and relations with it.
/// </summary>
internal sealed class KnowledgeGraphStore(NpgsqlDataSource dataSource)
{
    private const long SchemaLockKey = 0x4445_504C_4F59_0003;

    /// <summary>Creates the schema if it is missing; running it again changes nothing. Replicas take turns.</summary>
    public async Task CreateSchemaAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await ExecuteAsync(connection, $"select pg_advisory_xact_lock({SchemaLockKey})", cancellationToken);
        await ExecuteAsync(connection, """
            create schema if not exists memory;
            create table if not exists memory.entities (
                name text primary key,
                entity_type text not null);
            create table if not exists memory.observations (
                id bigint generated always as identity primary key,
                entity_name text not null references memory.entities (name) on delete cascade,
                content text not null,
                unique (entity_name, content));
            create table if not exists memory.relations (
                from_name text not null references memory.entities (name) on delete cascade,
                to_name text not null references memory.entities (name) on delete cascade,
                relation_type text not null,
                primary key (from_name, to_name, relation_type));
            """, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Creates the entities whose names are new; returns those it created.</summary>
    public Task<IReadOnlyList<Entity>> CreateEntitiesAsync(IReadOnlyList<Entity> entities, CancellationToken cancellationToken) => TransientDatabaseRetry.RunAsync<IReadOnlyList<Entity>>(async _ =>
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var created = new List<Entity>();
        foreach (var entity in entities)
        {
            await using var insert = new NpgsqlCommand("insert into memory.entities (name, entity_type) values ($1, $2) on conflict do nothing", connection)
            {
                Parameters = { new() { Value = entity.Name }, new() { Value = entity.EntityType } },
            };
            if (await insert.ExecuteNonQueryAsync(cancellationToken) == 1)
            {
                await AddObservationsAsync(connection, entity.Name, entity.Observations ?? [], cancellationToken);
                created.Add(entity with { Observations = entity.Observations ?? [] });
            }
        }

        await transaction.CommitAsync(cancellationToken);
        return created;
    }, cancellationToken);

    /// <summary>Creates the relations that are new; every entity they name must exist.</summary>
    public Task<IReadOnlyList<Relation>> CreateRelationsAsync(IReadOnlyList<Relation> relations, CancellationToken cancellationToken) => TransientDatabaseRetry.RunAsync<IReadOnlyList<Relation>>(async _ =>
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await RequireEntitiesAsync(connection, relations.SelectMany(relation => new[] { relation.From, relation.To }), cancellationToken);
        var created = new List<Relation>();
        foreach (var relation in relations)
        {
            await using var insert = new NpgsqlCommand("insert into memory.relations values ($1, $2, $3) on conflict do nothing", connection)
            {
                Parameters = { new() { Value = relation.From }, new() { Value = relation.To }, new() { Value = relation.RelationType } },
            };
            if (await insert.ExecuteNonQueryAsync(cancellationToken) == 1)
            {
                created.Add(relation);
            }
        }

        await transaction.CommitAsync(cancellationToken);
        return created;
    }, cancellationToken);

    public Task<IReadOnlyList<ObservationsAdded>> AddObservationsAsync(IReadOnlyList<ObservationAddition> additions, CancellationToken cancellationToken) => TransientDatabaseRetry.RunAsync<IReadOnlyList<ObservationsAdded>>(async _ =>
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await RequireEntitiesAsync(connection, additions.Select(addition => addition.EntityName), cancellationToken);
        var added = new List<ObservationsAdded>();
        foreach (var addition in additions)
        {
            added.Add(new ObservationsAdded(addition.EntityName, await AddObservationsAsync(connection, addition.EntityName, addition.Contents, cancellationToken)));
        }

        await transaction.CommitAsync(cancellationToken);
        return added;
    }, cancellationToken);

    public Task DeleteEntitiesAsync(IReadOnlyList<string> names, CancellationToken cancellationToken) => TransientDatabaseRetry.RunAsync(_ =>
        ExecuteAsync("delete from memory.entities where name = any($1)", cancellationToken, (object)names.ToArray()), cancellationToken);

    public Task DeleteObservationsAsync(IReadOnlyList<ObservationDeletion> deletions, CancellationToken cancellationToken) => TransientDatabaseRetry.RunAsync(async _ =>
    {
        foreach (var deletion in deletions)
        {
            await ExecuteAsync("delete from memory.observations where entity_name = $1 and content = any($2)", cancellationToken,
                deletion.EntityName, (object)deletion.Observations.ToArray());
        }
    }, cancellationToken);

    public Task DeleteRelationsAsync(IReadOnlyList<Relation> relations, CancellationToken cancellationToken) => TransientDatabaseRetry.RunAsync(async _ =>
    {
        foreach (var relation in relations)
        {
            await ExecuteAsync("delete from memory.relations where from_name = $1 and to_name = $2 and relation_type = $3", cancellationToken,
                relation.From, relation.To, relation.RelationType);
        }
    }, cancellationToken);

    public Task<KnowledgeGraph> ReadGraphAsync(CancellationToken cancellationToken) =>
        SelectAsync("true", [], cancellationToken);

    /// <summary>Entities whose name, type or any observation contains <paramref name="query"/> (any case), with the relations among them.</summary>
    public Task<KnowledgeGraph> SearchAsync(string query, CancellationToken cancellationToken) =>
        SelectAsync("""
            strpos(lower(e.name), lower($1)) > 0 or strpos(lower(e.entity_type), lower($1)) > 0
            or exists (select 1 from memory.observations o where o.entity_name = e.name and strpos(lower(o.content), lower($1)) > 0)
            """, [query], cancellationToken);

    /// <summary>The entities named, with the relations among them.</summary>
    public Task<KnowledgeGraph> OpenAsync(IReadOnlyList<string> names, CancellationToken cancellationToken) =>
        SelectAsync("e.name = any($1)", [names.ToArray()], cancellationToken);

    private Task<KnowledgeGraph> SelectAsync(string condition, object[] arguments, CancellationToken cancellationToken) => TransientDatabaseRetry.RunAsync(async _ =>
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var entities = new List<Entity>();
        await using (var command = new NpgsqlCommand($$"""
            select e.name, e.entity_type, coalesce(array_agg(o.content order by o.id) filter (where o.id is not null), '{}')
            from memory.entities e left join memory.observations o on o.entity_name = e.name
            where {{condition}}
            group by e.name, e.entity_type
            order by e.name
            """, connection))
        {
            foreach (var argument in arguments)
            {
                command.Parameters.Add(new() { Value = argument });
            }

            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                entities.Add(new Entity(reader.GetString(0), reader.GetString(1), reader.GetFieldValue<string[]>(2)));
            }
        }

        var names = entities.Select(entity => entity.Name).ToArray();
        var relations = new List<Relation>();
        await using (var command = new NpgsqlCommand(
            "select from_name, to_name, relation_type from memory.relations where from_name = any($1) and to_name = any($1) order by 1, 2, 3", connection))
        {
            command.Parameters.Add(new() { Value = names });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                relations.Add(new Relation(reader.GetString(0), reader.GetString(1), reader.GetString(2)));
            }
        }

        return new KnowledgeGraph(entities, relations);
    }, cancellationToken);

    private static async Task<IReadOnlyList<string>> AddObservationsAsync(NpgsqlConnection connection, string entityName, IReadOnlyList<string> contents, CancellationToken cancellationToken)
    {
        var added = new List<string>();
        foreach (var content in contents.Distinct(StringComparer.Ordinal))
        {
            await using var insert = new NpgsqlCommand("insert into memory.observations (entity_name, content) values ($1, $2) on conflict do nothing", connection)
            {
                Parameters = { new() { Value = entityName }, new() { Value = content } },
            };
            if (await insert.ExecuteNonQueryAsync(cancellationToken) == 1)
            {
                added.Add(content);
            }
        }

        return added;
    }

    private static async Task RequireEntitiesAsync(NpgsqlConnection connection, IEnumerable<string> names, CancellationToken cancellationToken)
    {
        var wanted = names.Distinct(StringComparer.Ordinal).ToArray();
        await using var command = new NpgsqlCommand("select name from memory.entities where name = any($1)", connection) { Parameters = { new() { Value = wanted } } };
        var found = new HashSet<string>(StringComparer.Ordinal);
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                found.Add(reader.GetString(0));
            }
        }

        var missing = wanted.Where(name => !found.Contains(name)).ToArray();
        if (missing.Length > 0)
        {
            throw new ModelContextProtocol.McpException($"Entity with name {string.Join(", ", missing)} not found: create it first (create_entities).");
        }
    }

    private async Task ExecuteAsync(string sql, CancellationToken cancellationToken, params object[] arguments)
    {
        await using var command = dataSource.CreateCommand(sql);
        foreach (var argument in arguments)
        {
            command.Parameters.Add(new() { Value = argument });
        }

        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
