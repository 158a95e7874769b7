using System.ComponentModel;
using System.Text.Json;
using DeployCode.McpMemory.Graph;
using ModelContextProtocol;
using ModelContextProtocol.Server;

namespace DeployCode.McpMemory;

/// <summary>
/// The tools of the reference memory MCP server (a knowledge graph of entities, relations and observations), with its
/// names, arguments and JSON answers, over the graph in PostgreSQL.
/// </summary>
[McpServerToolType]
internal sealed class MemoryTools(KnowledgeGraphStore store, GraphReadCache cache)
{
    private static readonly JsonSerializerOptions s_output = new() { WriteIndented = true };

    /// <summary>create_entities.</summary>
    [McpServerTool(Name = "create_entities"), Description("Create multiple new entities in the knowledge graph. Entities whose name exists already are left as they are.")]
    public async Task<string> CreateEntitiesAsync([Description("The entities to create")] Entity[] entities, CancellationToken cancellationToken)
    {
        Require(entities.All(entity => !string.IsNullOrWhiteSpace(entity.Name) && !string.IsNullOrWhiteSpace(entity.EntityType)), "Every entity needs a name and an entityType.");
        return await WriteAsync(() => store.CreateEntitiesAsync(entities, cancellationToken));
    }

    /// <summary>create_relations.</summary>
    [McpServerTool(Name = "create_relations"), Description("Create multiple new relations between entities in the knowledge graph. Relations should be in active voice.")]
    public async Task<string> CreateRelationsAsync([Description("The relations to create")] Relation[] relations, CancellationToken cancellationToken)
    {
        Require(relations.All(relation => !string.IsNullOrWhiteSpace(relation.RelationType)), "Every relation needs a relationType.");
        return await WriteAsync(() => store.CreateRelationsAsync(relations, cancellationToken));
    }

    /// <summary>add_observations.</summary>
    [McpServerTool(Name = "add_observations"), Description("Add new observations to existing entities in the knowledge graph.")]
    public Task<string> AddObservationsAsync([Description("The observations to add, by entity")] ObservationAddition[] observations, CancellationToken cancellationToken) =>
        WriteAsync(() => store.AddObservationsAsync(observations, cancellationToken));

    /// <summary>delete_entities.</summary>
    [McpServerTool(Name = "delete_entities", Destructive = true), Description("Delete multiple entities and their relations from the knowledge graph.")]
    public async Task<string> DeleteEntitiesAsync([Description("The names of the entities to delete")] string[] entityNames, CancellationToken cancellationToken)
    {
        await WriteAsync(() => store.DeleteEntitiesAsync(entityNames, cancellationToken));
        return "Entities deleted successfully";
    }

    /// <summary>delete_observations.</summary>
    [McpServerTool(Name = "delete_observations", Destructive = true), Description("Delete specific observations from entities in the knowledge graph.")]
    public async Task<string> DeleteObservationsAsync([Description("The observations to delete, by entity")] ObservationDeletion[] deletions, CancellationToken cancellationToken)
    {
        await WriteAsync(() => store.DeleteObservationsAsync(deletions, cancellationToken));
        return "Observations deleted successfully";
    }

    /// <summary>delete_relations.</summary>
    [McpServerTool(Name = "delete_relations", Destructive = true), Description("Delete multiple relations from the knowledge graph.")]
    public async Task<string> DeleteRelationsAsync([Description("The relations to delete")] Relation[] relations, CancellationToken cancellationToken)
    {
        await WriteAsync(() => store.DeleteRelationsAsync(relations, cancellationToken));
        return "Relations deleted successfully";
    }

    /// <summary>read_graph.</summary>
    [McpServerTool(Name = "read_graph", ReadOnly = true), Description("Read the entire knowledge graph.")]
    public async Task<string> ReadGraphAsync(CancellationToken cancellationToken) =>
        Json(await cache.ReadAsync("graph", "", () => store.ReadGraphAsync(cancellationToken)));

    /// <summary>search_nodes.</summary>
    [McpServerTool(Name = "search_nodes", ReadOnly = true), Description("Search for entities whose name, type or observations contain the query (any case), with the relations among them.")]
    public async Task<string> SearchNodesAsync([Description("The text to search for")] string query, CancellationToken cancellationToken) =>
        Json(await cache.ReadAsync("search", query, () => store.SearchAsync(query, cancellationToken)));

    /// <summary>open_nodes.</summary>
    [McpServerTool(Name = "open_nodes", ReadOnly = true), Description("Open specific entities by name, with the relations among them.")]
    public async Task<string> OpenNodesAsync([Description("The names of the entities to open")] string[] names, CancellationToken cancellationToken) =>
        Json(await cache.ReadAsync("open", string.Join('\n', names.Order(StringComparer.Ordinal)), () => store.OpenAsync(names, cancellationToken)));

    private async Task<string> WriteAsync<T>(Func<Task<T>> write)
    {
        var result = await write();
        await cache.InvalidateAsync();
        return Json(result);
    }

    private async Task WriteAsync(Func<Task> write)
    {
        await write();
        await cache.InvalidateAsync();
    }

    private static string Json<T>(T value) => JsonSerializer.Serialize(value, s_output);

    private static void Require(bool condition, string message)
    {
        if (!condition)
        {
            throw new McpException(message);
        }
    }
}
