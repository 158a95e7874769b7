namespace DeployCode.Orchestrator.Configuration;

/// <summary>One thing wrong with the configuration: where, what, and how to fix it.</summary>
/// <param name="Path">The configuration path, e.g. <c>DeployCode:Services:redis:Cpu</c>.</param>
/// <param name="Problem">What is wrong with it.</param>
/// <param name="Fix">What to do about it.</param>
public sealed record ConfigurationProblem(string Path, string Problem, string Fix)
{
    /// <inheritdoc />
    public override string ToString() => $"{Path}: {Problem}. Fix: {Fix}.";
}
