// The public API of DeployCode.Orchestrator, checked by LibraryApiTests: a change to it changes this file.
// Regenerate it with DEPLOYCODE_UPDATE_API=1 ./deploy-code test, and review the difference as a change of the API.

namespace Aspire.Hosting
{
    public static class HealthGatingBuilderExtensions
    {
        public static Aspire.Hosting.IDistributedApplicationBuilder AddDeployCodeHealthGating(this Aspire.Hosting.IDistributedApplicationBuilder builder);
    }
    public static class OrchestratorBuilderExtensions
    {
        public static Aspire.Hosting.ApplicationModel.IResourceBuilder<Aspire.Hosting.ApplicationModel.OrchestratorResource> AddDeployCodeOrchestrator(this Aspire.Hosting.IDistributedApplicationBuilder builder, string name, string platformName = "platform");
    }
    public static class PlatformAlertBuilderExtensions
    {
        public static Aspire.Hosting.ApplicationModel.IResourceBuilder<T> WithDownAlert<T>(this Aspire.Hosting.ApplicationModel.IResourceBuilder<T> builder, string alert, string noun, System.TimeSpan after) where T : Aspire.Hosting.ApplicationModel.IResource;
    }
    public static class PlatformAlertingBuilderExtensions
    {
        public static Aspire.Hosting.ApplicationModel.IResourceBuilder<Aspire.Hosting.ApplicationModel.IResourceWithEndpoints> AddPlatformAlertmanager(this Aspire.Hosting.IDistributedApplicationBuilder builder, string name, int port = 9093);
    }
    public static class PlatformBootstrapAdminBuilderExtensions
    {
        public static Aspire.Hosting.ApplicationModel.IResourceBuilder<T> WithPlatformBootstrapAdmin<T>(this Aspire.Hosting.ApplicationModel.IResourceBuilder<T> builder) where T : Aspire.Hosting.ApplicationModel.IResourceWithEnvironment;
    }
    public static class PlatformBudgetBuilderExtensions
    {
        public static TBuilder AsCritical<TBuilder>(this TBuilder builder) where TBuilder : Aspire.Hosting.ApplicationModel.IResourceBuilder<Aspire.Hosting.ApplicationModel.IResource>;
        public static TBuilder WithBudget<TBuilder>(this TBuilder builder, double cpu, int memoryMb, double storageGb = 0, int gpu = 0, bool gpuRequired = false, int replicas = 1) where TBuilder : Aspire.Hosting.ApplicationModel.IResourceBuilder<Aspire.Hosting.ApplicationModel.IResource>;
    }
    public static class PlatformContainerUserBuilderExtensions
    {
        public static Aspire.Hosting.ApplicationModel.IResourceBuilder<T> WithPlatformContainerUser<T>(this Aspire.Hosting.ApplicationModel.IResourceBuilder<T> builder, long userId, long groupId) where T : Aspire.Hosting.ApplicationModel.IResource;
    }
    public static class PlatformDataFolderBuilderExtensions
    {
        public static Aspire.Hosting.ApplicationModel.IResourceBuilder<T> WithPlatformDataFolder<T>(this Aspire.Hosting.ApplicationModel.IResourceBuilder<T> builder, string variable) where T : Aspire.Hosting.ApplicationModel.IResourceWithEnvironment;
    }
    public static class PlatformExpertsBuilderExtensions
    {
        public static Aspire.Hosting.ApplicationModel.IResourceBuilder<T> WithPlatformExperts<T>(this Aspire.Hosting.ApplicationModel.IResourceBuilder<T> builder) where T : Aspire.Hosting.ApplicationModel.IResourceWithEnvironment;
    }
    public static class PlatformFileBuilderExtensions
    {
        public static Aspire.Hosting.ApplicationModel.IResourceBuilder<T> WithPlatformFile<T>(this Aspire.Hosting.ApplicationModel.IResourceBuilder<T> builder, string fileName, string target, System.Func<Aspire.Hosting.ApplicationModel.DistributedApplicationModel, string> content) where T : Aspire.Hosting.ApplicationModel.ContainerResource;
    }
    public static class PlatformHealthCheckBuilderExtensions
    {
        public static Aspire.Hosting.ApplicationModel.IResourceBuilder<T> WithPlatformHttpHealthCheck<T>(this Aspire.Hosting.ApplicationModel.IResourceBuilder<T> builder, string path) where T : Aspire.Hosting.ApplicationModel.IResourceWithEndpoints;
    }
    public static class PlatformImageBuilderExtensions
    {
        public static Aspire.Hosting.ApplicationModel.IResourceBuilder<T> WithPlatformImage<T>(this Aspire.Hosting.ApplicationModel.IResourceBuilder<T> builder) where T : Aspire.Hosting.ApplicationModel.ContainerResource;
    }
    public static class PlatformMonitoringBuilderExtensions
    {
        public static Aspire.Hosting.ApplicationModel.IResourceBuilder<Aspire.Hosting.ApplicationModel.IResource> AddPlatformGrafana(this Aspire.Hosting.IDistributedApplicationBuilder builder, string name, Aspire.Hosting.ApplicationModel.IResourceBuilder<Aspire.Hosting.ApplicationModel.IResourceWithEndpoints> prometheus, int port = 3000);
        public static Aspire.Hosting.ApplicationModel.IResourceBuilder<Aspire.Hosting.ApplicationModel.IResource> AddPlatformJaeger(this Aspire.Hosting.IDistributedApplicationBuilder builder, string name, int port = 16686);
        public static Aspire.Hosting.ApplicationModel.IResourceBuilder<Aspire.Hosting.ApplicationModel.IResourceWithEndpoints> AddPlatformPrometheus(this Aspire.Hosting.IDistributedApplicationBuilder builder, string name, int port = 9090);
    }
    public static class PlatformOptionalBuilderExtensions
    {
        public static Aspire.Hosting.ApplicationModel.IResourceBuilder<T> AsOptionalPlatformComponent<T>(this Aspire.Hosting.ApplicationModel.IResourceBuilder<T> builder) where T : Aspire.Hosting.ApplicationModel.IResource;
    }
    public sealed class PlatformPostgresBuilder : Aspire.Hosting.ApplicationModel.IResourceBuilder<Aspire.Hosting.ApplicationModel.IResourceWithConnectionString>
    {
        public Aspire.Hosting.IDistributedApplicationBuilder ApplicationBuilder { get; }
        public Aspire.Hosting.ApplicationModel.IResourceWithConnectionString Resource { get; }
        public Aspire.Hosting.ApplicationModel.IResourceBuilder<Aspire.Hosting.ApplicationModel.IResourceWithConnectionString> WithAnnotation<TAnnotation>(TAnnotation annotation, Aspire.Hosting.ApplicationModel.ResourceAnnotationMutationBehavior behavior = Append) where TAnnotation : Aspire.Hosting.ApplicationModel.IResourceAnnotation;
    }
    public static class PlatformPostgresBuilderExtensions
    {
        public static Aspire.Hosting.ApplicationModel.IResourceBuilder<Aspire.Hosting.ApplicationModel.IResourceWithConnectionString> AddPlatformDatabase(this Aspire.Hosting.PlatformPostgresBuilder server, string name, string? databaseName = null);
        public static Aspire.Hosting.PlatformPostgresBuilder AddPlatformPostgres(this Aspire.Hosting.IDistributedApplicationBuilder builder, string name, int port = 5432);
    }
    public static class PlatformProjectBuilderExtensions
    {
        public static Aspire.Hosting.ApplicationModel.IResourceBuilder<Aspire.Hosting.ApplicationModel.ProjectResource> AddPlatformProject<TProject>(this Aspire.Hosting.IDistributedApplicationBuilder builder, string name, int port, System.Action<Aspire.Hosting.ApplicationModel.IResourceBuilder<Aspire.Hosting.ApplicationModel.ProjectResource>> configure, params int[] publishedPorts) where TProject : Aspire.Hosting.IProjectMetadata, new();
    }
    public static class PlatformRedisBuilderExtensions
    {
        public static Aspire.Hosting.ApplicationModel.IResourceBuilder<Aspire.Hosting.ApplicationModel.IResourceWithConnectionString> AddPlatformRedis(this Aspire.Hosting.IDistributedApplicationBuilder builder, string name, int port = 6379);
    }
    public static class PlatformSandboxBuilderExtensions
    {
        public static Aspire.Hosting.ApplicationModel.IResourceBuilder<T> WithPlatformCommandSandbox<T>(this Aspire.Hosting.ApplicationModel.IResourceBuilder<T> builder) where T : Aspire.Hosting.ApplicationModel.IResource;
    }
    public static class PlatformSecretBuilderExtensions
    {
        public static Aspire.Hosting.ApplicationModel.IResourceBuilder<Aspire.Hosting.ApplicationModel.ParameterResource> AddGeneratedSecret(this Aspire.Hosting.IDistributedApplicationBuilder builder, string name);
        public static Aspire.Hosting.ApplicationModel.IResourceBuilder<Aspire.Hosting.ApplicationModel.ParameterResource> AddOptionalSecret(this Aspire.Hosting.IDistributedApplicationBuilder builder, string name);
    }
    public static class PlatformServiceBuilderExtensions
    {
        public static Aspire.Hosting.ApplicationModel.IResourceBuilder<T> WithGpuSupport<T>(this Aspire.Hosting.ApplicationModel.IResourceBuilder<T> builder) where T : Aspire.Hosting.ApplicationModel.IResource;
        public static Aspire.Hosting.ApplicationModel.IResourceBuilder<T> WithPlatformHttpEndpoint<T>(this Aspire.Hosting.ApplicationModel.IResourceBuilder<T> builder, int port, params int[] publishedPorts) where T : Aspire.Hosting.ApplicationModel.IResourceWithEndpoints;
    }
    public static class PlatformVerificationBuilderExtensions
    {
        public static Aspire.Hosting.ApplicationModel.IResourceBuilder<T> AsVerificationEntryPoint<T>(this Aspire.Hosting.ApplicationModel.IResourceBuilder<T> builder) where T : Aspire.Hosting.ApplicationModel.IResourceWithEndpoints;
        public static Aspire.Hosting.ApplicationModel.IResourceBuilder<T> WithVerifiedMcpEndpoint<T>(this Aspire.Hosting.ApplicationModel.IResourceBuilder<T> builder, string path) where T : Aspire.Hosting.ApplicationModel.IResourceWithEndpoints;
        public static Aspire.Hosting.ApplicationModel.IResourceBuilder<T> WithVerifiedPaths<T>(this Aspire.Hosting.ApplicationModel.IResourceBuilder<T> builder, params string[] paths) where T : Aspire.Hosting.ApplicationModel.IResourceWithEndpoints;
        public static Aspire.Hosting.ApplicationModel.IResourceBuilder<T> WithVerifiedSignedInPath<T>(this Aspire.Hosting.ApplicationModel.IResourceBuilder<T> builder, string path, string description) where T : Aspire.Hosting.ApplicationModel.IResourceWithEndpoints;
        public static Aspire.Hosting.ApplicationModel.IResourceBuilder<T> WithVerifiedTokenRequirement<T>(this Aspire.Hosting.ApplicationModel.IResourceBuilder<T> builder, string path) where T : Aspire.Hosting.ApplicationModel.IResourceWithEndpoints;
    }
    public static class PlatformVerifierBuilderExtensions
    {
        public const string AccountName = "deploy-code";
        public static Aspire.Hosting.ApplicationModel.IResourceBuilder<T> WithDeploymentVerifierAccount<T>(this Aspire.Hosting.ApplicationModel.IResourceBuilder<T> builder, string signInPath) where T : Aspire.Hosting.ApplicationModel.IResourceWithEnvironment;
    }
}

namespace Aspire.Hosting.ApplicationModel
{
    public sealed class OrchestratorResource : Aspire.Hosting.ApplicationModel.Resource
    {
    }
    public sealed record PlatformBudgetAnnotation : Aspire.Hosting.ApplicationModel.IResourceAnnotation
    {
        public PlatformBudgetAnnotation(double Cpu, int MemoryMb, double StorageGb, int Gpu, bool GpuRequired, int Replicas);
        public double Cpu { get; init; }
        public int Gpu { get; init; }
        public bool GpuRequired { get; init; }
        public int MemoryMb { get; init; }
        public int Replicas { get; init; }
        public double StorageGb { get; init; }
    }
    public sealed record PlatformCheckAnnotation : Aspire.Hosting.ApplicationModel.IResourceAnnotation
    {
        public PlatformCheckAnnotation(Aspire.Hosting.ApplicationModel.PlatformCheckKind Kind, string Path, string? Description = null);
        public string? Description { get; init; }
        public Aspire.Hosting.ApplicationModel.PlatformCheckKind Kind { get; init; }
        public string Path { get; init; }
    }
    public enum PlatformCheckKind
    {
        Answers = 0,
        RefusesWithoutToken = 1,
        AnswersSignedIn = 2,
        ListsMcpTools = 3,
    }
    public sealed record PlatformContainerUserAnnotation : Aspire.Hosting.ApplicationModel.IResourceAnnotation
    {
        public PlatformContainerUserAnnotation(long UserId, long GroupId);
        public long GroupId { get; init; }
        public long UserId { get; init; }
    }
    public sealed class PlatformCriticalAnnotation : Aspire.Hosting.ApplicationModel.IResourceAnnotation
    {
    }
    public sealed record PlatformDownAlertAnnotation : Aspire.Hosting.ApplicationModel.IResourceAnnotation
    {
        public PlatformDownAlertAnnotation(string Alert, string Noun, System.TimeSpan For);
        public string Alert { get; init; }
        public System.TimeSpan For { get; init; }
        public string Noun { get; init; }
    }
    public sealed class PlatformEntryPointAnnotation : Aspire.Hosting.ApplicationModel.IResourceAnnotation
    {
    }
    public sealed record PlatformExpertsAnnotation : Aspire.Hosting.ApplicationModel.IResourceAnnotation
    {
        public PlatformExpertsAnnotation(System.Collections.Generic.IReadOnlyDictionary<string, Aspire.Hosting.ApplicationModel.ParameterResource> ApiKeys);
        public System.Collections.Generic.IReadOnlyDictionary<string, Aspire.Hosting.ApplicationModel.ParameterResource> ApiKeys { get; init; }
    }
    public sealed record PlatformFileAnnotation : Aspire.Hosting.ApplicationModel.IResourceAnnotation
    {
        public PlatformFileAnnotation(string FileName, string Target, System.Func<Aspire.Hosting.ApplicationModel.DistributedApplicationModel, string> Content);
        public System.Func<Aspire.Hosting.ApplicationModel.DistributedApplicationModel, string> Content { get; init; }
        public string FileName { get; init; }
        public string Target { get; init; }
    }
    public sealed record PlatformHealthPathAnnotation : Aspire.Hosting.ApplicationModel.IResourceAnnotation
    {
        public PlatformHealthPathAnnotation(string Path);
        public string Path { get; init; }
    }
    public sealed record PlatformOptionalAnnotation : Aspire.Hosting.ApplicationModel.IResourceAnnotation
    {
    }
    public sealed record PlatformSandboxAnnotation : Aspire.Hosting.ApplicationModel.IResourceAnnotation
    {
    }
    public sealed class PostgresProcessDatabaseResource : Aspire.Hosting.ApplicationModel.Resource, Aspire.Hosting.ApplicationModel.IResourceWithParent<Aspire.Hosting.ApplicationModel.PostgresProcessResource>, Aspire.Hosting.ApplicationModel.IResourceWithConnectionString
    {
        public Aspire.Hosting.ApplicationModel.ReferenceExpression ConnectionStringExpression { get; }
        public string DatabaseName { get; }
        public Aspire.Hosting.ApplicationModel.PostgresProcessResource Parent { get; }
    }
    public sealed class PostgresProcessResource : Aspire.Hosting.ApplicationModel.ExecutableResource, Aspire.Hosting.ApplicationModel.IResourceWithConnectionString
    {
        public Aspire.Hosting.ApplicationModel.ReferenceExpression ConnectionStringExpression { get; }
        public System.Collections.Generic.IReadOnlyDictionary<string, string> Databases { get; }
        public Aspire.Hosting.ApplicationModel.ParameterResource PasswordParameter { get; }
        public Aspire.Hosting.ApplicationModel.EndpointReference PrimaryEndpoint { get; }
    }
    public sealed class RedisProcessResource : Aspire.Hosting.ApplicationModel.ExecutableResource, Aspire.Hosting.ApplicationModel.IResourceWithConnectionString
    {
        public Aspire.Hosting.ApplicationModel.ReferenceExpression ConnectionStringExpression { get; }
        public Aspire.Hosting.ApplicationModel.ParameterResource PasswordParameter { get; }
        public Aspire.Hosting.ApplicationModel.EndpointReference PrimaryEndpoint { get; }
    }
    public sealed class UnavailableResource : Aspire.Hosting.ApplicationModel.Resource
    {
        public string Reason { get; }
    }
}

namespace DeployCode.Orchestrator.Configuration
{
    public sealed record ConfigurationProblem
    {
        public ConfigurationProblem(string Path, string Problem, string Fix);
        public string Fix { get; init; }
        public string Path { get; init; }
        public string Problem { get; init; }
        public override string ToString();
    }
    public sealed class DeployCodeConfigurationException : System.Exception
    {
        public DeployCodeConfigurationException();
        public DeployCodeConfigurationException(System.Collections.Generic.IReadOnlyList<DeployCode.Orchestrator.Configuration.ConfigurationProblem> problems);
        public DeployCodeConfigurationException(string message);
        public DeployCodeConfigurationException(string message, System.Exception innerException);
        public System.Collections.Generic.IReadOnlyList<DeployCode.Orchestrator.Configuration.ConfigurationProblem> Problems { get; }
    }
}
