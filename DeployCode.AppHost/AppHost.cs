// The CODE platform, as the component table of docs/platform.md gives it. Each service waits for what
// it depends on to be healthy, which yields the deployment phases:
//   infrastructure → auth-service → filesystem, github, memory → bashgod, circle-of-experts → api-gateway.

var builder = DistributedApplication.CreateBuilder(args);

var deployCode = builder.AddDeployCodeOrchestrator("deploy-code");

// Infrastructure
var postgres = builder.AddPlatformPostgres("postgresql");
var codeDb = postgres.AddPlatformDatabase("codedb", "code");
var redis = builder.AddPlatformRedis("redis");

// Identity
var jwtSigningKey = builder.AddGeneratedSecret("jwt-signing-key");

var auth = builder.AddProject<Projects.DeployCode_AuthService>("auth-service", launchProfileName: null)
    .WithPlatformHttpEndpoint(8000)
    .WithEnvironment("Auth__SigningKey", jwtSigningKey)
    .WithReference(codeDb).WaitFor(codeDb)
    .WithReference(redis).WaitFor(redis);

// MCP servers: filesystem, github and memory start together once auth-service is healthy; BashGod after memory.
var githubToken = builder.AddOptionalSecret("github-token");

var mcpFilesystem = builder.AddProject<Projects.DeployCode_McpFilesystem>("mcp-filesystem", launchProfileName: null)
    .WithPlatformHttpEndpoint(3001)
    .WithEnvironment("Filesystem__Roots__0", deployCode.Resource.StateDirectoryFor("mcp-filesystem"))
    .WithReference(auth).WaitFor(auth);

var mcpGithub = builder.AddProject<Projects.DeployCode_McpGithub>("mcp-github", launchProfileName: null)
    .WithPlatformHttpEndpoint(3002)
    .WithEnvironment("GitHub__Token", githubToken)
    .WithReference(auth).WaitFor(auth);

var mcpMemory = builder.AddProject<Projects.DeployCode_McpMemory>("mcp-memory", launchProfileName: null)
    .WithPlatformHttpEndpoint(3003)
    .WithReference(auth).WaitFor(auth)
    .WithReference(redis).WaitFor(redis);

var mcpBashGod = builder.AddProject<Projects.DeployCode_McpBashGod>("mcp-bashgod", launchProfileName: null)
    .WithPlatformHttpEndpoint(3010)
    .WithEnvironment("BashGod__WorkRoot", deployCode.Resource.StateDirectoryFor("mcp-bashgod"))
    .WithReference(auth).WaitFor(auth)
    .WithReference(mcpMemory).WaitFor(mcpMemory);

// AI
var openAiKey = builder.AddOptionalSecret("openai-api-key");
var anthropicKey = builder.AddOptionalSecret("anthropic-api-key");

var circleOfExperts = builder.AddProject<Projects.DeployCode_CircleOfExperts>("circle-of-experts", launchProfileName: null)
    .WithPlatformHttpEndpoint(8080)
    .WithGpuSupport()
    .WithEnvironment("Experts__OpenAI__ApiKey", openAiKey)
    .WithEnvironment("Experts__Anthropic__ApiKey", anthropicKey)
    .WithReference(auth).WaitFor(auth)
    .WithReference(redis).WaitFor(redis)
    .WithReference(mcpMemory).WaitFor(mcpMemory);

// Edge: an unprivileged port here, 80 and 443 in containers and manifests.
builder.AddProject<Projects.DeployCode_ApiGateway>("api-gateway", launchProfileName: null)
    .WithPlatformHttpEndpoint(8088, 80, 443)
    .WithReference(auth).WaitFor(auth)
    .WithReference(circleOfExperts).WaitFor(circleOfExperts);

// Monitoring
var prometheus = builder.AddPlatformPrometheus("prometheus");
builder.AddPlatformGrafana("grafana", prometheus);
builder.AddPlatformJaeger("jaeger");

builder.Build().Run();
