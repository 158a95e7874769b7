using DeployCode.AuthService;

namespace DeployCode.Services.Tests;

public sealed class ServiceAccountOptionsTests
{
    private const string Secret = "a signing secret long enough for the key derivation to accept it";

    [Fact]
    public void AWellFormedServiceAccountIsAccepted()
    {
        var options = WithAccount("deploy-code", new ServiceAccountOptions { Password = "0123456789abcdef0123456789abcdef" });

        options.Validate();
        Assert.Equal("viewer", options.ServiceAccounts["deploy-code"].Role);
    }

    [Theory]
    [InlineData("Deploy Code", "0123456789abcdef", "viewer", "Auth:ServiceAccounts:Deploy Code must be named as a user")]
    [InlineData("deploy-code", "short", "viewer", "Auth:ServiceAccounts:deploy-code:Password must be 12 to 256 characters")]
    [InlineData("deploy-code", "0123456789abcdef", "root", "Auth:ServiceAccounts:deploy-code:Role must be one of admin, operator, viewer")]
    public void ABadServiceAccountStopsStartUpNamingTheSetting(string name, string password, string role, string message)
    {
        var options = WithAccount(name, new ServiceAccountOptions { Password = password, Role = role });

        Assert.StartsWith(message, Assert.Throws<InvalidOperationException>(options.Validate).Message, StringComparison.Ordinal);
    }

    private static AuthOptions WithAccount(string name, ServiceAccountOptions account)
    {
        var options = new AuthOptions { SigningKey = Secret };
        options.ServiceAccounts[name] = account;
        return options;
    }
}
