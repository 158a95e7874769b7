using DeployCode.CircleOfExperts.Experts;

namespace DeployCode.CircleOfExperts.Endpoints;

/// <summary>The body of <c>POST /experts/queries</c>.</summary>
/// <param name="Question">What to ask.</param>
/// <param name="Experts">Whom to ask, by name; every configured expert when absent.</param>
/// <param name="Refresh">Ask the experts even when an identical recent question has cached answers.</param>
internal sealed record QueryRequest(string? Question, IReadOnlyList<string>? Experts, bool Refresh = false)
{
    /// <summary>The experts to ask, or the problems, each under the field it is about.</summary>
    public (IReadOnlyList<Expert> Experts, Dictionary<string, string[]> Errors) Validate(ExpertCatalog catalog, int maxQuestionLength)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        var errors = new Dictionary<string, string[]>();
        var question = Question?.Trim();
        if (string.IsNullOrEmpty(question))
        {
            errors["question"] = ["Give the question to ask."];
        }
        else if (question.Length > maxQuestionLength)
        {
            errors["question"] = [$"The question has {question.Length} characters; at most {maxQuestionLength} are taken (Circle:MaxQuestionLength)."];
        }

        if (Experts is null)
        {
            return (catalog.Experts, errors);
        }

        var unknown = Experts.Where(name => catalog.Find(name ?? "") is null).ToArray();
        if (Experts.Count == 0)
        {
            errors["experts"] = ["Name at least one expert, or leave experts out to ask them all."];
        }
        else if (unknown.Length > 0)
        {
            errors["experts"] = [$"No expert is called {string.Join(", ", unknown.Select(name => $"'{name}'"))}: use {(catalog.Experts.Count == 0 ? "(none is configured)" : string.Join(", ", catalog.Experts.Select(expert => expert.Name)))}."];
        }

        var chosen = Experts.Select(name => catalog.Find(name ?? "")).OfType<Expert>().DistinctBy(expert => expert.Name).ToArray();
        return (chosen, errors);
    }
}
