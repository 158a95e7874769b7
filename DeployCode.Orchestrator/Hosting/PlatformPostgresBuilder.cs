using Aspire.Hosting.ApplicationModel;

namespace Aspire.Hosting;

/// <summary>
/// The platform's PostgreSQL server, whichever way it runs (Aspire's container, or this machine's <c>postgres</c> in
/// process mode): a resource builder like any other, and the only one <c>AddPlatformDatabase</c> takes, so that a
/// database on anything but PostgreSQL does not compile.
/// </summary>
public sealed class PlatformPostgresBuilder : IResourceBuilder<IResourceWithConnectionString>
{
    private readonly IResourceBuilder<IResourceWithConnectionString> _server;

    internal PlatformPostgresBuilder(IResourceBuilder<IResourceWithConnectionString> server) => _server = server;

    /// <inheritdoc />
    public IDistributedApplicationBuilder ApplicationBuilder => _server.ApplicationBuilder;

    /// <inheritdoc />
    public IResourceWithConnectionString Resource => _server.Resource;

    /// <inheritdoc />
    public IResourceBuilder<IResourceWithConnectionString> WithAnnotation<TAnnotation>(TAnnotation annotation, ResourceAnnotationMutationBehavior behavior = ResourceAnnotationMutationBehavior.Append)
        where TAnnotation : IResourceAnnotation
    {
        _server.WithAnnotation(annotation, behavior);
        return this;
    }
}
