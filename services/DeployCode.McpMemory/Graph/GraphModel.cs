using System.ComponentModel;
using System.Text.Json.Serialization;

namespace DeployCode.McpMemory.Graph;

/// <summary>A node of the knowledge graph: a name, a type and what is known about it.</summary>
public sealed record Entity(
    [property: JsonPropertyName("name"), Description("The name of the entity")] string Name,
    [property: JsonPropertyName("entityType"), Description("The type of the entity")] string EntityType,
    [property: JsonPropertyName("observations"), Description("Observations about the entity")] IReadOnlyList<string> Observations);

/// <summary>A directed edge, in active voice: <c>from</c> <c>relationType</c> <c>to</c>.</summary>
public sealed record Relation(
    [property: JsonPropertyName("from"), Description("The name of the entity where the relation starts")] string From,
    [property: JsonPropertyName("to"), Description("The name of the entity where the relation ends")] string To,
    [property: JsonPropertyName("relationType"), Description("The type of the relation, in active voice")] string RelationType);

/// <summary>Observations to add to one entity.</summary>
public sealed record ObservationAddition(
    [property: JsonPropertyName("entityName"), Description("The entity to add them to")] string EntityName,
    [property: JsonPropertyName("contents"), Description("The observations to add")] IReadOnlyList<string> Contents);

/// <summary>What was actually added to one entity (observations it already had are left out).</summary>
public sealed record ObservationsAdded(
    [property: JsonPropertyName("entityName")] string EntityName,
    [property: JsonPropertyName("addedObservations")] IReadOnlyList<string> AddedObservations);

/// <summary>Observations to delete from one entity.</summary>
public sealed record ObservationDeletion(
    [property: JsonPropertyName("entityName"), Description("The entity to delete them from")] string EntityName,
    [property: JsonPropertyName("observations"), Description("The observations to delete")] IReadOnlyList<string> Observations);

/// <summary>A part of the graph (or all of it): entities and the relations between them.</summary>
public sealed record KnowledgeGraph(
    [property: JsonPropertyName("entities")] IReadOnlyList<Entity> Entities,
    [property: JsonPropertyName("relations")] IReadOnlyList<Relation> Relations);
