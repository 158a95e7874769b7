// A small shop, deployed by Deploy-Code: catalog, then orders (which calls it), then reports. Each says what it
// needs; reports asks for more than a machine of this kind has, so the budget holds it and says why.

var builder = DistributedApplication.CreateBuilder(args);

builder.AddDeployCodeOrchestrator("deploy-code", platformName: "Shop");

var catalog = builder.AddPlatformProject<Projects.DeployCode_Sample_Shop>("catalog", 5101, service => service
    .WithEnvironment("Shop__Role", "catalog")
    .WithBudget(cpu: 0.2, memoryMb: 192)
    .AsCritical()
    .WithVerifiedPaths("/health", "/alive", "/"));

var orders = builder.AddPlatformProject<Projects.DeployCode_Sample_Shop>("orders", 5102, service => service
    .WithEnvironment("Shop__Role", "orders")
    .WithBudget(cpu: 0.2, memoryMb: 192)
    .WithVerifiedPaths("/health", "/orders")
    .WithReference(catalog).WaitFor(catalog));

builder.AddPlatformProject<Projects.DeployCode_Sample_Shop>("reports", 5103, service => service
    .WithEnvironment("Shop__Role", "reports")
    .WithBudget(cpu: 512, memoryMb: 192)
    .WithVerifiedPaths("/health")
    .WithReference(orders).WaitFor(orders));

builder.Build().Run();
