using DeployCode.CircleOfExperts.Experts;
using DeployCode.CircleOfExperts.Queries;

namespace DeployCode.Services.Tests;

public sealed class ConsensusTests
{
    private static readonly Dictionary<string, double> s_weights = new() { ["a"] = 1, ["b"] = 1, ["c"] = 1, ["heavy"] = 5 };

    [Fact]
    public void TheAnswerTheOthersAgreeWithWinsAndTheOddOneOutGetsLowAgreement()
    {
        var (answers, consensus) = ConsensusBuilder.Combine(
            [Answer("a", "The capital of France is Paris, its largest city."), Answer("b", "Paris is the capital of France."), Answer("c", "Lyon, for its food.")],
            name => s_weights[name]);

        Assert.NotNull(consensus);
        Assert.True(consensus.Expert is "a" or "b", consensus.Expert);
        Assert.Equal(["a", "b"], consensus.SupportedBy.Order());
        var agreement = answers.ToDictionary(answer => answer.Expert, answer => answer.Agreement!.Value);
        // Each agrees with one of the two others: half of their 0.77 similarity.
        Assert.True(agreement["a"] > 0.3 && agreement["b"] > 0.3, string.Join(", ", agreement));
        Assert.True(agreement["c"] < 0.1, string.Join(", ", agreement));
        Assert.InRange(consensus.Agreement, 0.2, 0.7);
    }

    [Fact]
    public void FailedAnswersKeepTheirPlaceWithoutAgreementAndOneAnswerIsItsOwnConsensus()
    {
        var failed = new ExpertAnswer("b", "openai", "m", AnswerStatuses.TimedOut, null, 1000, 0, 0, null, "no answer within 1 s");

        var (answers, consensus) = ConsensusBuilder.Combine([Answer("a", "Paris."), failed], name => s_weights[name]);

        Assert.Equal("Paris.", consensus!.Answer);
        Assert.Equal(1, consensus.Agreement);
        Assert.Equal(["a", "b"], answers.Select(answer => answer.Expert));
        Assert.Null(answers[1].Agreement);
    }

    [Fact]
    public void NoAnswerMeansNoConsensus()
    {
        var failed = new ExpertAnswer("a", "openai", "m", AnswerStatuses.Failed, null, 10, 0, 0, null, "500");

        Assert.Null(ConsensusBuilder.Combine([failed], name => s_weights[name]).Consensus);
    }

    [Fact]
    public void AHeavierExpertWinsBetweenTwoAnswersThatDisagree()
    {
        var (_, consensus) = ConsensusBuilder.Combine([Answer("a", "Yes, ship it today."), Answer("heavy", "No, wait for the tests.")], name => s_weights[name]);

        Assert.Equal("heavy", consensus!.Expert);
    }

    [Fact]
    public void SimilarityIgnoresCaseAndCommonWords()
    {
        var similarity = ConsensusBuilder.Similarity(ConsensusBuilder.WordCounts("The PARIS answer"), ConsensusBuilder.WordCounts("paris, an answer"));

        Assert.Equal(1, similarity, 6);
        Assert.Equal(0, ConsensusBuilder.Similarity(ConsensusBuilder.WordCounts("the a an"), ConsensusBuilder.WordCounts("the a an")));
    }

    private static ExpertAnswer Answer(string expert, string text) => new(expert, "openai", "m", AnswerStatuses.Answered, text, 100, 10, 10, null, null);
}
