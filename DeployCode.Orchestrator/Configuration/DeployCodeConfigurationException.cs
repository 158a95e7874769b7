namespace DeployCode.Orchestrator.Configuration;

/// <summary>
/// A configuration value Deploy-Code cannot work with. The message names the setting and the fix;
/// it is raised before anything starts.
/// </summary>
public sealed class DeployCodeConfigurationException : Exception
{
    /// <summary>Creates the exception for <paramref name="problems"/>, every one in its message, each with its path and fix.</summary>
    public DeployCodeConfigurationException(IReadOnlyList<ConfigurationProblem> problems) : base(Describe(problems)) => Problems = problems;

    /// <summary>Creates the exception with a message that names the setting and the fix.</summary>
    public DeployCodeConfigurationException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception around the error that caused it.</summary>
    public DeployCodeConfigurationException(string message, Exception innerException) : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with no message; prefer the constructors that say what to fix.</summary>
    public DeployCodeConfigurationException()
    {
    }

    /// <summary>Every problem found, when the exception was made from them; empty otherwise.</summary>
    public IReadOnlyList<ConfigurationProblem> Problems { get; } = [];

    /// <summary>The message for <paramref name="problems"/>: how many, that nothing started, and each on a line of its own.</summary>
    internal static string Describe(IReadOnlyList<ConfigurationProblem> problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        return $"The DeployCode configuration has {problems.Count} problem(s); nothing was started:{Environment.NewLine}" +
            string.Join(Environment.NewLine, problems.Select(problem => $"  - {problem}"));
    }
}
