using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using DeployCode.CircleOfExperts.Experts;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace DeployCode.CircleOfExperts.Queries;

/// <summary>The answers of a query, as kept for an identical one.</summary>
internal sealed record CachedAnswers(Guid From, Consensus Consensus, IReadOnlyList<ExpertAnswer> Answers);

/// <summary>
/// Recent answers in Redis, keyed by the question (trimmed, any case, spaces folded) and the experts asked with their
/// provider and model, so an identical question within <see cref="CircleOptions.CacheFor"/> is answered at once and
/// costs nothing. A completed query is kept as it came out, an expert that failed or was too slow included (or a
/// slow expert would keep a question from ever being cached); <c>"refresh": true</c> asks the experts again. With
/// Redis down the experts are simply asked.
/// </summary>
internal sealed class AnswerCache(IConnectionMultiplexer redis, IOptions<CircleOptions> options, ILogger<AnswerCache> logger)
{
    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web);

    /// <summary>The cached answers for this question and these experts, or null.</summary>
    public async Task<CachedAnswers?> FindAsync(string question, IReadOnlyList<Expert> experts)
    {
        if (options.Value.CacheFor <= TimeSpan.Zero)
        {
            return null;
        }

        try
        {
            var value = await redis.GetDatabase().StringGetAsync(Key(question, experts));
            return value.IsNullOrEmpty ? null : JsonSerializer.Deserialize<CachedAnswers>(value.ToString(), s_json);
        }
        catch (RedisException exception)
        {
            logger.LogWarning(exception, "The answer cache cannot be read; the experts are asked");
            return null;
        }
    }

    /// <summary>Keeps the answers of a completed query.</summary>
    public async Task KeepAsync(string question, IReadOnlyList<Expert> experts, CachedAnswers answers)
    {
        if (options.Value.CacheFor <= TimeSpan.Zero)
        {
            return;
        }

        try
        {
            await redis.GetDatabase().StringSetAsync(Key(question, experts), JsonSerializer.Serialize(answers, s_json), options.Value.CacheFor);
        }
        catch (RedisException exception)
        {
            logger.LogWarning(exception, "The answers could not be kept in the cache");
        }
    }

    /// <summary>The cache key: a hash, so that no question text is readable in Redis.</summary>
    public static string Key(string question, IReadOnlyList<Expert> experts)
    {
        ArgumentNullException.ThrowIfNull(question);
        ArgumentNullException.ThrowIfNull(experts);
        var folded = string.Join(' ', question.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)).ToLowerInvariant();
        var asked = string.Join('\n', experts.Select(expert => $"{expert.Name.ToLowerInvariant()}|{expert.Provider}|{expert.Model}|{expert.Weight}").Order(StringComparer.Ordinal));
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{folded}\n--\n{asked}"));
        return $"deploycode:experts:answers:{Convert.ToHexStringLower(hash)}";
    }
}
