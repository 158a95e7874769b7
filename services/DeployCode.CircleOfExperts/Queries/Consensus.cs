using System.Text.RegularExpressions;
using DeployCode.CircleOfExperts.Experts;

namespace DeployCode.CircleOfExperts.Queries;

/// <summary>The circle's combined answer.</summary>
/// <param name="Answer">The answer the others agree with most (weighted).</param>
/// <param name="Expert">Whose answer it is.</param>
/// <param name="Agreement">How much the answers agree overall, from 0 (not at all) to 1 (all alike).</param>
/// <param name="SupportedBy">The experts whose answers say much the same (agreement with it of 0.5 or more).</param>
/// <param name="Method">How it was chosen, for whoever reads the result.</param>
internal sealed record Consensus(string Answer, string Expert, double Agreement, IReadOnlyList<string> SupportedBy, string Method);

/// <summary>
/// Combines the answers without another model call: each answer is compared with every other by the words they
/// share (cosine similarity of word counts, common words left out), each answer's agreement is the weighted mean of
/// its similarity to the others, and the consensus is the answer with the highest weight × agreement. Deterministic,
/// cheap, and explainable: the agreement figures are shown with the answers.
/// </summary>
internal static partial class ConsensusBuilder
{
    /// <summary>What <see cref="Consensus.Method"/> says.</summary>
    public const string Method = "the answer the others agree with most: word-overlap (cosine) similarity between answers, weighted by each expert's weight";

    private const double SupportThreshold = 0.5;

    private static readonly HashSet<string> s_commonWords = new(StringComparer.Ordinal)
    {
        "a", "an", "and", "are", "as", "at", "be", "but", "by", "can", "do", "for", "from", "has", "have", "if", "in", "is", "it",
        "its", "not", "of", "on", "or", "so", "that", "the", "their", "then", "there", "these", "this", "to", "was", "were",
        "which", "will", "with", "you", "your", "i", "we", "they", "he", "she", "them", "than", "also", "into", "more", "most",
    };

    /// <summary>
    /// The answers with their agreement filled in, and the consensus; null consensus when no expert answered.
    /// </summary>
    public static (IReadOnlyList<ExpertAnswer> Answers, Consensus? Consensus) Combine(IReadOnlyList<ExpertAnswer> answers, Func<string, double> weightOf)
    {
        ArgumentNullException.ThrowIfNull(answers);
        ArgumentNullException.ThrowIfNull(weightOf);
        var answered = answers.Where(answer => answer.Answered && !string.IsNullOrWhiteSpace(answer.Text)).ToArray();
        if (answered.Length == 0)
        {
            return (answers, null);
        }

        var vectors = answered.Select(answer => WordCounts(answer.Text!)).ToArray();
        var weights = answered.Select(answer => weightOf(answer.Expert)).ToArray();
        var similarity = new double[answered.Length, answered.Length];
        for (var i = 0; i < answered.Length; i++)
        {
            for (var j = i + 1; j < answered.Length; j++)
            {
                similarity[i, j] = similarity[j, i] = Similarity(vectors[i], vectors[j]);
            }
        }

        var agreement = new double[answered.Length];
        for (var i = 0; i < answered.Length; i++)
        {
            var others = Enumerable.Range(0, answered.Length).Where(j => j != i).ToArray();
            var otherWeights = others.Sum(j => weights[j]);
            // A single answer has nothing to disagree with.
            agreement[i] = otherWeights == 0 ? 1 : others.Sum(j => weights[j] * similarity[i, j]) / otherWeights;
        }

        var best = Enumerable.Range(0, answered.Length)
            .OrderByDescending(i => weights[i] * agreement[i])
            .ThenByDescending(i => weights[i])
            .ThenBy(i => answered[i].LatencyMs)
            .First();
        var supportedBy = Enumerable.Range(0, answered.Length)
            .Where(i => i == best || similarity[i, best] >= SupportThreshold)
            .Select(i => answered[i].Expert)
            .ToArray();
        var overall = Enumerable.Range(0, answered.Length).Sum(i => weights[i] * agreement[i]) / weights.Sum();

        var withAgreement = answers
            .Select(answer => Array.IndexOf(answered, answer) is var index and >= 0 ? answer with { Agreement = Math.Round(agreement[index], 3) } : answer)
            .ToArray();
        return (withAgreement, new Consensus(answered[best].Text!, answered[best].Expert, Math.Round(overall, 3), supportedBy, Method));
    }

    /// <summary>Cosine similarity of two word-count vectors: 1 for the same words in the same proportions, 0 for none shared.</summary>
    public static double Similarity(IReadOnlyDictionary<string, int> first, IReadOnlyDictionary<string, int> second)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        double dot = 0;
        foreach (var (word, count) in first)
        {
            if (second.TryGetValue(word, out var other))
            {
                dot += (double)count * other;
            }
        }

        var norms = Math.Sqrt(first.Values.Sum(count => (double)count * count)) * Math.Sqrt(second.Values.Sum(count => (double)count * count));
        return norms == 0 ? 0 : dot / norms;
    }

    /// <summary>The answer's words (letters and digits, any case), without the commonest English ones.</summary>
    public static IReadOnlyDictionary<string, int> WordCounts(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Words().Matches(text.ToLowerInvariant())
            .Select(match => match.Value)
            .Where(word => !s_commonWords.Contains(word))
            .GroupBy(word => word, StringComparer.Ordinal)
            .ToDictionary(group => group.Key, group => group.Count(), StringComparer.Ordinal);
    }

    [GeneratedRegex(@"[\p{L}\p{N}]+")]
    private static partial Regex Words();
}
