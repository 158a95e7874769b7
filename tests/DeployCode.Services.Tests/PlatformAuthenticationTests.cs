using DeployCode.ServiceDefaults;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace DeployCode.Services.Tests;

public sealed class PlatformAuthenticationTests
{
    [Fact]
    public void OnlyEs256TokensFromAuthServiceForThePlatformWithALifetimeAreAccepted()
    {
        using var app = Build();
        var options = app.Services.GetRequiredService<IOptionsMonitor<JwtBearerOptions>>().Get(JwtBearerDefaults.AuthenticationScheme);
        var parameters = options.TokenValidationParameters;

        Assert.Equal(["ES256"], parameters.ValidAlgorithms);
        Assert.True(parameters.RequireSignedTokens && parameters.RequireExpirationTime && parameters.ValidateLifetime);
        Assert.True(parameters.ValidateIssuer && parameters.ValidateAudience && parameters.ValidateIssuerSigningKey);
        Assert.Equal("http://auth-service", parameters.ValidIssuer);
        Assert.Equal("code-platform", parameters.ValidAudience);
        Assert.Equal("http://auth-service/.well-known/openid-configuration", options.MetadataAddress);
        Assert.Equal("role", parameters.RoleClaimType);
        Assert.False(options.MapInboundClaims);
    }

    [Fact]
    public void IssuerAudienceAndKeyAddressComeFromTheAuthenticationSection()
    {
        using var app = Build(("Authentication:Issuer", "https://auth.example"), ("Authentication:Audience", "code-staging"),
            ("Authentication:MetadataAddress", "https://auth.example/.well-known/openid-configuration"));
        var options = app.Services.GetRequiredService<IOptionsMonitor<JwtBearerOptions>>().Get(JwtBearerDefaults.AuthenticationScheme);

        Assert.Equal("https://auth.example", options.TokenValidationParameters.ValidIssuer);
        Assert.Equal("code-staging", options.TokenValidationParameters.ValidAudience);
        Assert.Equal("https://auth.example/.well-known/openid-configuration", options.MetadataAddress);
    }

    [Fact]
    public async Task EveryEndpointNeedsASignedInUserUnlessItSaysOtherwiseAndRolePoliciesNestAsTheRolesDo()
    {
        using var app = Build();
        var policies = app.Services.GetRequiredService<IAuthorizationPolicyProvider>();

        Assert.NotNull(await policies.GetFallbackPolicyAsync());
        Assert.Equal(["admin"], await RolesAsync(policies, PlatformPolicies.Admin));
        Assert.Equal(["admin", "operator"], await RolesAsync(policies, PlatformPolicies.Operator));
        Assert.Equal(["admin", "operator", "viewer"], await RolesAsync(policies, PlatformPolicies.Viewer));
    }

    private static async Task<IEnumerable<string>> RolesAsync(IAuthorizationPolicyProvider policies, string name) =>
        (await policies.GetPolicyAsync(name))!.Requirements.OfType<Microsoft.AspNetCore.Authorization.Infrastructure.RolesAuthorizationRequirement>()
            .Single().AllowedRoles.Order(StringComparer.Ordinal);

    private static WebApplication Build(params (string Key, string Value)[] settings) =>
        ConfiguredApplication.Build(builder => builder.AddPlatformAuthentication(), settings);
}
