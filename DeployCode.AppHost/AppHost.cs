// The CODE platform, as the component table of docs/platform.md gives it. Each service waits for what
// it depends on to be healthy, which yields the deployment phases (a service given Replicas runs that
// many copies, each configured by the same lambda):
//   infrastructure → auth-service → filesystem, github, memory → bashgod, circle-of-experts → api-gateway.
// Each service also says what the deployment's verification checks of it: its own paths once it is healthy, and,
// after the last phase, what the verifier account does through the gateway.

using DeployCode.AppHost;

var builder = DistributedApplication.CreateBuilder(args);

var deployCode = builder.AddDeployCodeOrchestrator("deploy-code", platformName: "CODE platform");

// Infrastructure. Critical components are budgeted first: on a small machine the others are held, not these.
var postgres = builder.AddPlatformPostgres("postgresql").AsCritical();
var codeDb = postgres.AddPlatformDatabase("codedb", "code");
var redis = builder.AddPlatformRedis("redis").AsCritical();

// Identity. The gateway shows auth-service a secret of their own with what it forwards: only then does auth-service
// take the caller's address from X-Forwarded-For (its sign-in throttle counts per address).
var jwtSigningKey = builder.AddGeneratedSecret("jwt-signing-key");
var gatewayForwardingSecret = builder.AddGeneratedSecret("gateway-forwarding-secret");

// With a service account (operator) that deploy-code signs in with to verify the platform after each deployment, and
// in the published artifacts a first admin from .env (there open registration of the first account is off).
var auth = builder.AddPlatformProject<Projects.DeployCode_AuthService>("auth-service", 8000, service => service
    .AsCritical()
    .WithEnvironment("Auth__SigningKey", jwtSigningKey)
    .WithEnvironment("Auth__GatewaySecret", gatewayForwardingSecret)
    .WithServiceVerification("/auth/me", "/.well-known/jwks.json")
    .WithDeploymentVerifierAccount("/auth/token")
    .WithPlatformBootstrapAdmin()
    .WithReference(codeDb).WaitFor(codeDb)
    .WithReference(redis).WaitFor(redis));

// MCP servers: filesystem, github and memory start together once auth-service is healthy; BashGod after memory.
var githubToken = builder.AddOptionalSecret("github-token");
// Which of mcp-github's toolsets it offers, as github/github-mcp-server's GITHUB_TOOLSETS: empty for its default set.
var githubToolsets = builder.AddParameter("github-toolsets", () => builder.Configuration["Parameters:github-toolsets"] ?? string.Empty)
    .WithDescription("mcp-github's toolsets, comma-separated: all, default (when empty), or context, repos, issues, pull_requests, users.");

var mcpFilesystem = builder.AddPlatformProject<Projects.DeployCode_McpFilesystem>("mcp-filesystem", 3001, service => service
    .WithPlatformDataFolder("Filesystem__Roots__0")
    .AsMcpServer("filesystem")
    .WithReference(auth).WaitFor(auth));

var mcpGithub = builder.AddPlatformProject<Projects.DeployCode_McpGithub>("mcp-github", 3002, service => service
    .WithEnvironment("GitHub__Token", githubToken)
    .WithEnvironment("GitHub__Toolsets", githubToolsets)
    .AsMcpServer("github")
    .WithReference(auth).WaitFor(auth));

var mcpMemory = builder.AddPlatformProject<Projects.DeployCode_McpMemory>("mcp-memory", 3003, service => service
    .AsMcpServer("memory")
    .WithReference(auth).WaitFor(auth)
    .WithReference(codeDb).WaitFor(codeDb)
    .WithReference(redis).WaitFor(redis));

var mcpBashGod = builder.AddPlatformProject<Projects.DeployCode_McpBashGod>("mcp-bashgod", 3010, service => service
    .WithPlatformDataFolder("BashGod__WorkRoot")
    .WithPlatformCommandSandbox()
    .AsMcpServer("bashgod")
    .WithReference(auth).WaitFor(auth)
    .WithReference(mcpMemory).WaitFor(mcpMemory));

// AI: the experts of DeployCode:Experts (appsettings.json), each with its API key as the secret parameter <name>-api-key.
var circleOfExperts = builder.AddPlatformProject<Projects.DeployCode_CircleOfExperts>("circle-of-experts", 8080, service => service
    .WithGpuSupport()
    .WithPlatformExperts()
    .WithServiceVerification().WithVerifiedSignedInPath("/experts", "lists its experts")
    .WithReference(codeDb).WaitFor(codeDb)
    .WithReference(auth).WaitFor(auth)
    .WithReference(redis).WaitFor(redis)
    .WithReference(mcpMemory).WaitFor(mcpMemory));

// Edge: an unprivileged port here, 80 and 443 in containers and manifests. The gateway checks sign-in sessions in
// Redis, and routes to the MCP servers without waiting for them: a missing one only degrades it.
builder.AddPlatformProject<Projects.DeployCode_ApiGateway>("api-gateway", 8088, service => service
    .AsCritical()
    .AsVerificationEntryPoint()
    .WithServiceVerification("/auth/me").WithVerifiedSignedInPath("/auth/me", $"accepts {PlatformVerifierBuilderExtensions.AccountName}'s token")
    .WithEnvironment("Gateway__ForwardingSecret", gatewayForwardingSecret)
    .WithReference(auth).WaitFor(auth)
    .WithReference(circleOfExperts).WaitFor(circleOfExperts)
    .WithReference(redis).WaitFor(redis)
    .WithReference(mcpFilesystem)
    .WithReference(mcpGithub)
    .WithReference(mcpMemory)
    .WithReference(mcpBashGod), 80, 443);

// Monitoring
var prometheus = builder.AddPlatformPrometheus("prometheus");
builder.AddPlatformAlertmanager("alertmanager");
builder.AddPlatformGrafana("grafana", prometheus);
builder.AddPlatformJaeger("jaeger");

builder.Build().Run();
