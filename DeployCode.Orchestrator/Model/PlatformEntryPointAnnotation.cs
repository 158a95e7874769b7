namespace Aspire.Hosting.ApplicationModel;

/// <summary>
/// The component users reach the platform through (<c>AsVerificationEntryPoint</c>): verification signs the verifier
/// account in through it, and makes every signed-in check through it, as a user's client would.
/// </summary>
public sealed class PlatformEntryPointAnnotation : IResourceAnnotation;
