namespace DeployCode.Orchestrator.Networking;

/// <summary>A service that could not have its platform port because another process listens there.</summary>
/// <param name="ResourceName">The service.</param>
/// <param name="PreferredPort">Its platform port.</param>
/// <param name="AssignedPort">The port it got from the range instead.</param>
internal sealed record PortReassignment(string ResourceName, int PreferredPort, int AssignedPort);
