using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using StackExchange.Redis;

namespace DeployCode.McpMemory.Graph;

/// <summary>
/// Reads of the graph cached in Redis, shared by every replica. Each write bumps a version number, and cached answers
/// are kept under the version they were read at, so no replica ever serves a read from before a write it could see.
/// Redis being down only costs the cache: reads then go to PostgreSQL.
/// </summary>
internal sealed class GraphReadCache(IConnectionMultiplexer redis, ILogger<GraphReadCache> logger)
{
    private const string VersionKey = "deploycode:memory:version";
    private static readonly TimeSpan s_lifetime = TimeSpan.FromMinutes(5);

    public async Task<KnowledgeGraph> ReadAsync(string operation, string argument, Func<Task<KnowledgeGraph>> read)
    {
        string? key = null;
        try
        {
            var database = redis.GetDatabase();
            var version = (long?)await database.StringGetAsync(VersionKey) ?? 0;
            key = $"deploycode:memory:v{version}:{operation}:{Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(argument)))}";
            if ((string?)await database.StringGetAsync(key) is { } cached)
            {
                return JsonSerializer.Deserialize<KnowledgeGraph>(cached)!;
            }
        }
        catch (RedisException exception)
        {
            logger.LogWarning(exception, "Graph cache unavailable; reading from PostgreSQL");
            return await read();
        }

        var graph = await read();
        await TryAsync(database => database.StringSetAsync(key, JsonSerializer.Serialize(graph), s_lifetime));
        return graph;
    }

    /// <summary>Called after every write: answers cached before it are no longer used.</summary>
    public Task InvalidateAsync() => TryAsync(database => database.StringIncrementAsync(VersionKey));

    private async Task TryAsync(Func<IDatabase, Task> action)
    {
        try
        {
            await action(redis.GetDatabase());
        }
        catch (RedisException exception)
        {
            logger.LogWarning(exception, "Graph cache unavailable");
        }
    }
}
