namespace Aspire.Hosting.ApplicationModel;

/// <summary>
/// One check the deployment's verification makes of the component it is on: after each deployment, once the
/// component is healthy, and on Verify and Redeploy. Checks of a component that does not run are not made.
/// </summary>
/// <param name="Kind">What is asked.</param>
/// <param name="Path">The HTTP path asked, such as <c>/health</c>.</param>
/// <param name="Description">What a signed-in check shows, such as <c>lists its experts</c>; null for the others.</param>
public sealed record PlatformCheckAnnotation(PlatformCheckKind Kind, string Path, string? Description = null) : IResourceAnnotation
{
    /// <summary>Whether the check goes through the entry point with the verifier account's token, not to the component's own port.</summary>
    internal bool IsSignedIn => Kind is PlatformCheckKind.AnswersSignedIn or PlatformCheckKind.ListsMcpTools;
}
