namespace DeployCode.Orchestrator.Configuration;

/// <summary>
/// A configuration value Deploy-Code cannot work with. The message names the setting and the fix;
/// it is raised before anything starts.
/// </summary>
public sealed class DeployCodeConfigurationException : Exception
{
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
}
