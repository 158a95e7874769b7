using Aspire.Hosting.ApplicationModel;

namespace Aspire.Hosting;

/// <summary>
/// What the deployment's verification checks of a component, given where the AppHost names it. A component's own
/// checks begin as soon as it is healthy; the signed-in ones run through the entry point after the last phase.
/// </summary>
public static class PlatformVerificationBuilderExtensions
{
    /// <summary>Verification asks each of <paramref name="paths"/> on the component's own port and expects 200.</summary>
    /// <example>
    /// <code>
    /// orders.WithVerifiedPaths("/health", "/alive");
    /// </code>
    /// </example>
    public static IResourceBuilder<T> WithVerifiedPaths<T>(this IResourceBuilder<T> builder, params string[] paths) where T : IResourceWithEndpoints
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(paths);
        foreach (var path in paths)
        {
            builder.WithAnnotation(new PlatformCheckAnnotation(PlatformCheckKind.Answers, CheckedPath(path, nameof(paths))));
        }

        return builder;
    }

    /// <summary>Verification asks <paramref name="path"/> on the component's own port without a token and expects 401.</summary>
    public static IResourceBuilder<T> WithVerifiedTokenRequirement<T>(this IResourceBuilder<T> builder, string path) where T : IResourceWithEndpoints
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.WithAnnotation(new PlatformCheckAnnotation(PlatformCheckKind.RefusesWithoutToken, CheckedPath(path, nameof(path))));
    }

    /// <summary>
    /// Verification asks <paramref name="path"/> through the entry point with the verifier account's token and expects
    /// 200; <paramref name="description"/> says what that shows, as in "orders lists the orders".
    /// </summary>
    public static IResourceBuilder<T> WithVerifiedSignedInPath<T>(this IResourceBuilder<T> builder, string path, string description) where T : IResourceWithEndpoints
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(description);
        return builder.WithAnnotation(new PlatformCheckAnnotation(PlatformCheckKind.AnswersSignedIn, CheckedPath(path, nameof(path)), description));
    }

    /// <summary>
    /// Verification connects an MCP client to <paramref name="path"/> through the entry point with the verifier account's
    /// token, and expects it to initialize and list at least one tool.
    /// </summary>
    public static IResourceBuilder<T> WithVerifiedMcpEndpoint<T>(this IResourceBuilder<T> builder, string path) where T : IResourceWithEndpoints
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.WithAnnotation(new PlatformCheckAnnotation(PlatformCheckKind.ListsMcpTools, CheckedPath(path, nameof(path))));
    }

    /// <summary>
    /// Makes the component the one users reach the platform through: verification signs in through it and makes every
    /// signed-in check through it. One component of the AppHost may be the entry point.
    /// </summary>
    public static IResourceBuilder<T> AsVerificationEntryPoint<T>(this IResourceBuilder<T> builder) where T : IResourceWithEndpoints
    {
        ArgumentNullException.ThrowIfNull(builder);
        var other = builder.ApplicationBuilder.Resources.FirstOrDefault(resource =>
            resource.Name != builder.Resource.Name && resource.ServiceName() != builder.Resource.ServiceName() && resource.HasAnnotationOfType<PlatformEntryPointAnnotation>());
        if (other is not null)
        {
            throw new InvalidOperationException($"{other.Name} is already the verification's entry point: give AsVerificationEntryPoint to one component only.");
        }

        return builder.WithAnnotation(new PlatformEntryPointAnnotation(), ResourceAnnotationMutationBehavior.Replace);
    }

    private static string CheckedPath(string path, string argument)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path, argument);
        return path.StartsWith('/') ? path : throw new ArgumentException($"'{path}' is not a path: start it with '/', as in /health.", argument);
    }
}
